// Plain data exchanged with S3 operations.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace s3mirror::s3 {

struct ObjectInfo {
  std::string key{};
  std::uint64_t size = 0;
  std::string etag{};           // without quotes, lower-case hex; "hex-N" for multipart
  std::string last_modified{};  // as sent by the server (ISO 8601 in listings, RFC 1123 in HEAD)
  // User metadata (x-amz-meta-*, name without the prefix, lower-case); filled by HEAD only.
  std::vector<std::pair<std::string, std::string>> metadata{};
  std::string content_type{};  // filled by HEAD only
};

struct ListPage {
  std::vector<ObjectInfo> objects{};
  bool truncated = false;
  std::string next_continuation_token{};
};

// Settings applied to every uploaded object.
struct ObjectSettings {
  std::string content_type{};
  std::string cache_control{};
  std::string acl{};            // canned ACL, e.g. "public-read"; empty: bucket default
  std::string storage_class{};  // e.g. "STANDARD_IA"; empty: default
  std::string sse{};            // "AES256" or "aws:kms"; empty: none
  std::vector<std::pair<std::string, std::string>> metadata{};  // x-amz-meta-<name>: value
  // More headers S3 stores with the object and serves back (--headers rules); empty: not sent.
  std::string content_encoding{};
  std::string content_disposition{};
  std::string content_language{};
  std::string expires{};
};

// How the bytes of a PUT or UploadPart are protected (--checksum): Content-MD5, or S3's
// x-amz-checksum-crc32c / x-amz-checksum-sha256, or no body checksum at all.
enum class ChecksumAlgorithm { kMd5, kCrc32c, kSha256, kNone };

// The checksum of one request body, base64 of the binary digest; empty value: nothing sent.
struct BodyChecksum {
  ChecksumAlgorithm algorithm = ChecksumAlgorithm::kMd5;
  std::string value_base64{};
};

struct CompletedPart {
  int number = 0;
  std::string etag{};       // as returned by UploadPart, without quotes
  BodyChecksum checksum{};  // crc32c/sha256: listed as <ChecksumCRC32C>/<ChecksumSHA256>
};

struct DeleteFailure {
  std::string key{};
  std::string code{};
  std::string message{};
};

struct DeleteResult {
  std::vector<std::string> deleted{};
  std::vector<DeleteFailure> failed{};
};

}  // namespace s3mirror::s3
