#include "sync/scan/filter.h"

namespace s3mirror::sync {

Filter::Filter(const std::vector<FilterRule>& rules) {
  rules_.reserve(rules.size());
  for (const FilterRule& rule : rules) rules_.push_back({Glob(rule.glob), rule.include});
}

bool Filter::Includes(std::string_view path) const {
  // Later rules win, so the first match scanning from the end decides.
  for (auto rule = rules_.rbegin(); rule != rules_.rend(); ++rule) {
    if (rule->glob.Matches(path)) return rule->include;
  }
  return true;
}

}  // namespace s3mirror::sync
