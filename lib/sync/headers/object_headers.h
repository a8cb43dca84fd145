// The headers each object should have, and a compact fingerprint to compare them by.
//
// Precedence, for each header of a file's object:
//   1. the last --headers rule that matches its path and sets that header;
//   2. Content-Type: --content-type, else the extension (built-in table, then mime.types), else
//      --default-content-type, else application/octet-stream (sync/headers/content_type.h);
//      Cache-Control: --cache-control;
//   3. otherwise the header is not sent.
// ACL, storage class and SSE come from the command line only and are not part of the fingerprint
// (HEAD does not show them all).
//
// The fingerprint covers exactly what HEAD shows back: Content-Type, Cache-Control,
// Content-Encoding, Content-Disposition, Content-Language, Expires and every x-amz-meta-* header.
// It is the first 8 bytes of SHA-256 over "name:value\n" lines (lower-case names, sorted), never 0
// (0 means "unknown" in the header record). Pure.
#pragma once

#include <cstdint>
#include <string_view>

#include "http/request.h"
#include "s3/types.h"
#include "sync/headers/content_type.h"
#include "sync/headers/header_rules.h"

namespace s3mirror::sync {

class HeaderPolicy {
 public:
  // `base`: the command-line settings (content_type ignored); `types` and `rules` may be null and
  // must outlive the policy.
  HeaderPolicy(s3::ObjectSettings base, const ContentTypes* types, const HeaderRules* rules);

  s3::ObjectSettings For(std::string_view path) const;

 private:
  s3::ObjectSettings base_;
  const ContentTypes* types_;
  const HeaderRules* rules_;
};

std::uint64_t HeaderFingerprint(const s3::ObjectSettings& settings);

// The fingerprinted headers of a HEAD answer, as settings (ACL, storage class and SSE left empty).
s3::ObjectSettings StoredHeaders(const http::Response& response);

}  // namespace s3mirror::sync
