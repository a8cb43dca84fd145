// ETags as S3 computes them, for comparing local files with objects without downloading.
//   single part: hex MD5 of the content
//   multipart:   hex MD5 of the concatenated binary part MD5s, then "-" and the part count
#pragma once

#include <array>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace s3mirror::s3 {

// An ETag in 24 bytes, for listings of a million objects: the 16-byte MD5 of a single-part ETag
// ("<32 hex>"), or of a multipart one ("<32 hex>-N") with its part count N. Any other form (other
// servers) is opaque: it is kept as the MD5 of its normalised text, so two opaque ETags are equal
// exactly when their texts are, and none equals an MD5 ETag. (SSE-KMS and SSE-C ETags have the
// MD5 form but are not the content's MD5; only the server's answer to an upload tells them
// apart.) An empty text is the default Etag. Converts implicitly from text, quoted or not, in any
// case.
class Etag {
 public:
  Etag() = default;
  template <typename Text>
  requires std::convertible_to<const Text&, std::string_view> Etag(const Text& text)
      : Etag(Parse(std::string_view(text))) {}  // NOLINT: implicit on purpose

  static Etag Parse(std::string_view text);
  // The Etag whose md5(), parts() and is_md5() are these (as a state file stored them).
  static Etag Restore(const std::array<unsigned char, 16>& md5, std::uint32_t parts, bool is_md5);

  bool is_md5() const { return is_md5_; }
  const std::array<unsigned char, 16>& md5() const { return md5_; }
  std::uint32_t parts() const { return parts_; }  // 0: single part (or opaque)
  std::string ToString() const;                   // normalised text; "" when opaque
  bool empty() const { return *this == Etag{}; }  // from an empty text

  friend bool operator==(const Etag&, const Etag&) = default;

 private:
  std::array<unsigned char, 16> md5_{};
  std::uint32_t parts_ = 0;
  bool is_md5_ = false;
};

// Removes surrounding quotes and lower-cases.
std::string NormalizeEtag(std::string_view etag);

// Number of parts in a multipart ETag ("...-12" -> 12); 0 for a single-part ETag.
int EtagPartCount(std::string_view etag);

// Multipart ETag from the binary (16-byte) MD5 of each part, in order.
std::string MultipartEtag(const std::vector<std::string>& part_md5s_binary);

// Part sizes that could have produced `part_count` parts for `size` bytes, most likely first:
// `preferred` (our --part-size), then the defaults of common tools (8 MiB aws-cli, 15 MiB s3cmd,
// 16 MiB, 5 MiB, 64 MiB, 100 MiB), and a power of two MiB — each kept only if it gives that count.
std::vector<std::uint64_t> CandidatePartSizes(std::uint64_t size, int part_count,
                                              std::uint64_t preferred);

}  // namespace s3mirror::s3
