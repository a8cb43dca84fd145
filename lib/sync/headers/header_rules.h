// Header rules (--headers FILE): which HTTP headers objects get, by path. One rule a line:
//   GLOB: Header: value        e.g.  **/*.css: Cache-Control: max-age=86400
// '#' starts a comment line; blank lines are ignored; surrounding blanks are trimmed. The GLOB ends
// at the first ':' followed by a blank (write "\:" for a literal ':' there) and is matched against
// the relative path with the semantics of --exclude (util/glob.h). Allowed headers, any case:
// Content-Type, Cache-Control, Content-Encoding, Content-Disposition, Content-Language, Expires and
// x-amz-meta-NAME (NAME: letters, digits, '-', '_'; stored lower-case, as S3 does). Values are
// printable ASCII and not empty. For each header, the last matching rule wins. Pure apart from
// LoadHeaderRules, which reads the file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "s3/types.h"
#include "util/glob.h"
#include "util/result.h"

namespace s3mirror::sync {

struct HeaderRule {
  Glob glob;
  std::string name;  // canonical: "Cache-Control", or "x-amz-meta-" + lower-case NAME
  std::string value;
  int line = 0;
};

class HeaderRules {
 public:
  HeaderRules() = default;

  // Parses rules text; `source` names it in errors. kUsage "SOURCE:LINE: what is wrong" at the
  // first bad line.
  static Result<HeaderRules> Parse(std::string_view text, std::string_view source);

  // Sets on `settings` every header the rules give `path` (later rules overwrite earlier ones).
  void Apply(std::string_view path, s3::ObjectSettings& settings) const;

  const std::vector<HeaderRule>& rules() const { return rules_; }
  bool empty() const { return rules_.empty(); }

 private:
  std::vector<HeaderRule> rules_{};
};

// Reads and parses the rules file at `path`. kUsage when it cannot be read or a line is bad.
Result<HeaderRules> LoadHeaderRules(const std::string& path);

// Sets header `name` (canonical, as in HeaderRule) to `value` on `settings`. False when the name is
// not one a rule may set.
bool SetHeader(s3::ObjectSettings& settings, std::string_view name, std::string value);

}  // namespace s3mirror::sync
