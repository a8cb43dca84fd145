#include "sync/plan/planner.h"

#include <string_view>
#include <unordered_set>

#include "sync/names/name_policy.h"
#include "sync/plan/upload_order.h"

namespace s3mirror::sync {
namespace {

// True when `key` is one of `paths` or lies under one ("p/..."): checks each ancestor of the key.
bool IsProtected(std::string_view key, const std::unordered_set<std::string_view>& paths) {
  if (paths.empty()) return false;
  if (paths.contains(key)) return true;
  for (std::size_t slash = key.find('/'); slash != std::string_view::npos;
       slash = key.find('/', slash + 1)) {
    if (paths.contains(key.substr(0, slash))) return true;
  }
  return false;
}

// Merges two upload lists that are each in key (= local index) order.
std::vector<PlannedUpload> MergeUploads(const std::vector<PlannedUpload>& a,
                                        const std::vector<PlannedUpload>& b) {
  std::vector<PlannedUpload> merged;
  merged.reserve(a.size() + b.size());
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const bool take_a = j == b.size() || (i < a.size() && a[i].local_index < b[j].local_index);
    merged.push_back(take_a ? a[i++] : b[j++]);
  }
  return merged;
}

}  // namespace

Plan BuildPlan(const PlanInput& input) {
  Plan plan;
  plan.uploads = MergeUploads(input.diff.uploads, input.content.changed);
  for (const PlannedUpload& upload : plan.uploads) {
    plan.upload_bytes += input.local[upload.local_index].size;
  }
  plan.skipped = input.content.unchanged;
  if (input.website_order) OrderForWebsite(plan, input.local);
  if (!input.delete_remote) return plan;
  std::unordered_set<std::string_view> unreadable;
  if (input.unreadable != nullptr) {
    unreadable.insert(input.unreadable->begin(), input.unreadable->end());
  }
  for (const RemoteObject& object : input.diff.remote_only) {
    const std::string& key = object.key;
    if (input.filter != nullptr && !input.filter->Includes(key)) continue;
    if (IsProtected(key, unreadable)) continue;
    if (input.awkward != nullptr && input.awkward->Keeps(key)) continue;
    plan.deletes.push_back(key);
  }
  return plan;
}

}  // namespace s3mirror::sync
