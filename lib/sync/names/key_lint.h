// Key-name lint: file names that S3, browsers or a CDN handle badly ("awkward names"). Pure.
//
// Issues of one name (checked in every path segment):
//   trailing space, leading space  "news /a.html", " a.html": invisible, trimmed by browsers,
//   forms,
//                                  copy and paste, and by some CDNs and file systems.
//   '#', '?'                       start a URL's fragment and query: a link that does not encode
//                                  them (%23, %3F) asks the CDN for another key.
//   '\'                            browsers turn it into '/' in URLs.
//   percent escape                 '%' followed by two hex digits ("a%20b.html"): a CDN or browser
//                                  decodes it, so the URL /a%20b.html names the key "a b.html" and
//                                  this file is only reached as /a%2520b.html. A '%' that is not
//                                  followed by two hex digits ("100%.html") is not flagged: it can
//                                  only mean itself, and reaches the key once encoded as %25.
//   control character              U+0000..U+001F, U+007F, U+0080..U+009F: invisible, not allowed
//                                  in XML 1.0 listings, and they forge log lines.
// Twins (pairs of paths in one tree):
//   Unicode twins                  different bytes, same NFC form ("é" composed and "e" + U+0301
//                                  as macOS writes it): one URL, two keys.
//   case twins                     different NFC forms, same case-folded form ("A.html" and
//                                  "a.html"): one of them is lost on a case-insensitive CDN, cache
//                                  or file system. The whole path is compared: "Docs/a.html" and
//                                  "docs/b.html" are not twins.
// unicode_key.h states how far the composition and case folding go.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sync/sync_types.h"

namespace s3mirror::sync {

enum class NameIssue : std::uint8_t {
  kTrailingSpace,
  kLeadingSpace,
  kHash,
  kQuestionMark,
  kBackslash,
  kPercentEscape,
  kControl,
  kUnicodeTwin,
  kCaseTwin,
};
inline constexpr std::size_t kNameIssueCount = 9;

// A set of issues: bit (1 << issue).
using NameIssues = std::uint16_t;
constexpr NameIssues IssueBit(NameIssue issue) {
  return static_cast<NameIssues>(1u << static_cast<unsigned>(issue));
}

// "trailing space", "leading space", "'#'", "'?'", "backslash", "percent escape",
// "control character", "Unicode twin", "case twin".
const char* NameIssueLabel(NameIssue issue);
// The labels of a set, joined by ", ".
std::string DescribeIssues(NameIssues issues);

// The issues of one relative path, twins aside (they need the other paths).
NameIssues FindNameIssues(std::string_view path);

struct FlaggedPath {
  std::size_t index = 0;  // into the path list
  NameIssues issues = 0;
};

// Paths that are twins of each other; `members` in index order.
struct TwinGroup {
  NameIssue kind = NameIssue::kCaseTwin;  // kUnicodeTwin or kCaseTwin
  std::vector<std::size_t> members{};
};

struct KeyLint {
  std::vector<FlaggedPath> flagged{};  // paths with at least one issue, in index order
  std::vector<TwinGroup> twins{};      // ordered by their first member
  std::array<std::uint64_t, kNameIssueCount> counts{};  // paths per issue
};

// Lints every path. Time O(total bytes + n log n); memory: 16 bytes per path while twins are
// sought (a hash and an index), plus the flagged paths. No path is copied.
// Requires: no two files with the same path (the scanner ensures it).
KeyLint LintKeys(const std::vector<LocalFile>& files);

}  // namespace s3mirror::sync
