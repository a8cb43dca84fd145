#include "sync/plan/grace_period.h"

#include "sync/listing/merge_join.h"

namespace s3mirror::sync {

GraceDecision ApplyGracePeriod(const MissingCounts& stored,
                               const std::vector<std::string>& candidates,
                               std::uint32_t after_missing) {
  GraceDecision decision;
  std::size_t next = 0;  // merge-join: both lists are in key order
  for (const std::string& key : candidates) {
    while (next < stored.size() && KeyLess(stored[next].key, key)) ++next;
    const std::uint32_t before =
        next < stored.size() && stored[next].key == key ? stored[next].runs : 0;
    const std::uint32_t runs = before + 1;  // this run counts when it succeeds
    if (before > 0) decision.after_failure.push_back({.key = key, .runs = before});
    if (runs >= after_missing) {
      decision.due.push_back(key);
      continue;
    }
    ++decision.kept;
    decision.after_success.push_back({.key = key, .runs = runs});
    ++decision.kept_by_runs_left[after_missing - runs];
  }
  return decision;
}

std::string DescribeKept(const GraceDecision& decision, std::uint32_t after_missing, bool dry_run) {
  if (decision.kept == 0) return {};
  std::string text = (dry_run ? "dry run: would keep " : "kept ") + std::to_string(decision.kept) +
                     " missing object(s) (--delete-after-missing " + std::to_string(after_missing) +
                     "): ";
  bool first = true;
  for (const auto& [left, count] : decision.kept_by_runs_left) {
    const std::uint32_t runs_left = dry_run ? left + 1 : left;
    text += first ? "" : ", ";
    text +=
        std::to_string(count) + (runs_left == 1 ? " deleted at the next successful run"
                                                : " after " + std::to_string(runs_left) + " more");
    first = false;
  }
  return text;
}

}  // namespace s3mirror::sync
