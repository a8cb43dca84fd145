// Hashes and encodings via OpenSSL: MD5 (Content-MD5, ETags), SHA-256 and HMAC-SHA256 (SigV4).
// Digests are returned as binary std::string (16 or 32 bytes); Hex/Base64 encode them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace s3mirror {

std::string Md5(std::string_view data);
std::string Sha256(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);

std::string HexEncode(std::string_view bytes);     // lower-case
std::string Base64Encode(std::string_view bytes);  // standard alphabet, padded
// Empty string on invalid input.
std::string HexDecode(std::string_view hex);

// Incremental MD5 (and optionally SHA-256) over data read in chunks, so a file is read once.
class StreamingHash {
 public:
  explicit StreamingHash(bool with_sha256 = false);
  ~StreamingHash();
  StreamingHash(const StreamingHash&) = delete;
  StreamingHash& operator=(const StreamingHash&) = delete;

  void Update(std::string_view data);
  std::string FinishMd5();     // binary; call once
  std::string FinishSha256();  // binary; only when constructed with_sha256; call once

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace s3mirror
