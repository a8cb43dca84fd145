// URI encoding as SigV4 and S3 define it: every byte except the unreserved characters
// A-Z a-z 0-9 - _ . ~ is percent-encoded with upper-case hex; '/' optionally kept (object key paths).
#pragma once

#include <string>
#include <string_view>

namespace s3mirror {

std::string UriEncode(std::string_view text, bool keep_slash);
// Decodes %XX; with plus_is_space also '+' (form encoding, used by ListObjectsV2 encoding-type=url
// on some servers). Invalid escapes are kept as they are.
std::string UriDecode(std::string_view text, bool plus_is_space = false);

}  // namespace s3mirror
