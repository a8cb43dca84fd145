// ETags as S3 computes them, for comparing local files with objects without downloading.
//   single part: hex MD5 of the content
//   multipart:   hex MD5 of the concatenated binary part MD5s, then "-" and the part count
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace s3mirror::s3 {

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
