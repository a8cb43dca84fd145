// Body checksums for uploads (--checksum): which headers carry them and how they are computed.
// Pure: no I/O.
//   md5     Content-MD5: base64(MD5(body)); every S3-compatible store checks it.
//   crc32c  x-amz-checksum-crc32c: base64(big-endian CRC-32C(body)).
//   sha256  x-amz-checksum-sha256: base64(SHA-256(body)).
//   none    no body checksum header.
// With crc32c and sha256 the request also names the algorithm (x-amz-sdk-checksum-algorithm, as
// the AWS SDKs send it), and CreateMultipartUpload announces it with x-amz-checksum-algorithm.
#pragma once

#include <optional>
#include <string_view>

#include "http/request.h"
#include "s3/types.h"

namespace s3mirror::s3 {

// "md5", "crc32c", "sha256", "none"; nullopt for anything else.
std::optional<ChecksumAlgorithm> ParseChecksumAlgorithm(std::string_view name);

// S3's name of the algorithm: "CRC32C", "SHA256" ("" for md5 and none).
std::string_view ChecksumName(ChecksumAlgorithm algorithm);

// The checksum of `body` under `algorithm`; `binary_md5` is the body's MD5, already computed for
// the ETag check (so the body is hashed once more at most).
BodyChecksum ComputeBodyChecksum(ChecksumAlgorithm algorithm, std::string_view body,
                                 std::string_view binary_md5);

// Adds the header(s) that carry `checksum` to a PUT or UploadPart request.
void AddBodyChecksum(http::Request& request, const BodyChecksum& checksum);

// Adds x-amz-checksum-algorithm to a CreateMultipartUpload request (crc32c and sha256 only).
void AddChecksumAlgorithm(http::Request& request, ChecksumAlgorithm algorithm);

}  // namespace s3mirror::s3
