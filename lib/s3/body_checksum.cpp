#include "s3/body_checksum.h"

#include "util/crc32c.h"
#include "util/crypto.h"

namespace s3mirror::s3 {

std::optional<ChecksumAlgorithm> ParseChecksumAlgorithm(std::string_view name) {
  if (name == "md5") return ChecksumAlgorithm::kMd5;
  if (name == "crc32c") return ChecksumAlgorithm::kCrc32c;
  if (name == "sha256") return ChecksumAlgorithm::kSha256;
  if (name == "none") return ChecksumAlgorithm::kNone;
  return std::nullopt;
}

std::string_view ChecksumName(ChecksumAlgorithm algorithm) {
  switch (algorithm) {
    case ChecksumAlgorithm::kCrc32c:
      return "CRC32C";
    case ChecksumAlgorithm::kSha256:
      return "SHA256";
    case ChecksumAlgorithm::kMd5:
    case ChecksumAlgorithm::kNone:
      return "";
  }
  return "";
}

BodyChecksum ComputeBodyChecksum(ChecksumAlgorithm algorithm, std::string_view body,
                                 std::string_view binary_md5) {
  BodyChecksum checksum{.algorithm = algorithm};
  switch (algorithm) {
    case ChecksumAlgorithm::kMd5:
      checksum.value_base64 = Base64Encode(binary_md5);
      break;
    case ChecksumAlgorithm::kCrc32c:
      checksum.value_base64 = Base64Encode(Crc32cBytes(Crc32cOf(body)));
      break;
    case ChecksumAlgorithm::kSha256:
      checksum.value_base64 = Base64Encode(Sha256(body));
      break;
    case ChecksumAlgorithm::kNone:
      break;
  }
  return checksum;
}

void AddBodyChecksum(http::Request& request, const BodyChecksum& checksum) {
  if (checksum.value_base64.empty()) return;
  if (checksum.algorithm == ChecksumAlgorithm::kMd5) {
    request.headers.push_back({"Content-MD5", checksum.value_base64});
    return;
  }
  const std::string_view name = ChecksumName(checksum.algorithm);
  if (name.empty()) return;
  std::string header = "x-amz-checksum-";
  for (char c : name) header += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  request.headers.push_back({std::move(header), checksum.value_base64});
  request.headers.push_back({"x-amz-sdk-checksum-algorithm", std::string(name)});
}

void AddChecksumAlgorithm(http::Request& request, ChecksumAlgorithm algorithm) {
  const std::string_view name = ChecksumName(algorithm);
  if (!name.empty()) request.headers.push_back({"x-amz-checksum-algorithm", std::string(name)});
}

}  // namespace s3mirror::s3
