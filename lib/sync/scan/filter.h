// Filter: which relative paths take part in a sync, from --include/--exclude rules. The same filter
// is applied to local paths (excluded files are not uploaded) and to remote keys (excluded objects
// are not deleted). Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/glob.h"

namespace s3mirror::sync {

struct FilterRule {
  bool include = false;  // --include (true) or --exclude (false)
  std::string glob{};
};

class Filter {
 public:
  Filter() = default;
  explicit Filter(const std::vector<FilterRule>& rules);

  // True when `path` (relative, '/'-separated) is included: the last rule whose glob matches it
  // decides (util/glob.h GlobMatch semantics); with no matching rule, everything is included.
  bool Includes(std::string_view path) const;

  bool empty() const { return rules_.empty(); }

 private:
  struct CompiledRule {
    Glob glob;
    bool include;
  };
  std::vector<CompiledRule> rules_{};
};

}  // namespace s3mirror::sync
