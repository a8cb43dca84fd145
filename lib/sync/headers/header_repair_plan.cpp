#include "sync/headers/header_repair_plan.h"

#include <algorithm>

namespace s3mirror::sync {
namespace {

// The same-size pairs whose file is not being uploaded, in key order.
std::vector<SameSizePair> Unchanged(const HeaderRepairInput& input) {
  std::vector<SameSizePair> unchanged;
  std::size_t next_upload = 0;
  for (const SameSizePair& pair : input.same_size) {
    while (next_upload < input.uploads.size() &&
           input.uploads[next_upload].local_index < pair.local_index) {
      ++next_upload;
    }
    if (next_upload < input.uploads.size() &&
        input.uploads[next_upload].local_index == pair.local_index) {
      continue;
    }
    unchanged.push_back(pair);
  }
  return unchanged;
}

HeaderRepair RepairOf(const HeaderRepairInput& input, const SameSizePair& pair, bool check) {
  return HeaderRepair{.local_index = pair.local_index,
                      .size = input.local[pair.local_index].size,  // the object's: same size
                      .etag = pair.etag.ToString(),
                      .check_first = check};
}

// The audit: from the first key after the cursor, wrapping around once, within the budget.
void PlanAudit(const HeaderRepairInput& input, const std::vector<SameSizePair>& unchanged,
               const std::vector<bool>& repaired, HeaderRepairPlan& plan) {
  if (unchanged.empty() || input.audit_budget == 0) return;
  const std::string& cursor = input.record.audit_cursor;
  const auto start =
      std::partition_point(unchanged.begin(), unchanged.end(),
                           [&](const SameSizePair& pair) {
                             return !KeyLess(cursor, input.local[pair.local_index].path);
                           }) -
      unchanged.begin();
  const std::size_t count = unchanged.size();
  std::size_t step = 0;
  for (; step < count && plan.audited < input.audit_budget; ++step) {
    const std::size_t i = (static_cast<std::size_t>(start) + step) % count;
    plan.next_cursor = input.local[unchanged[i].local_index].path;
    if (repaired[i]) continue;
    plan.repairs.push_back(RepairOf(input, unchanged[i], true));
    ++plan.audited;
  }
  // A full round ends where it began: the next run starts from the beginning again.
  if (step == count || plan.next_cursor == input.local[unchanged.back().local_index].path) {
    plan.next_cursor.clear();
  }
}

}  // namespace

HeaderRepairPlan PlanHeaderRepairs(const HeaderRepairInput& input) {
  HeaderRepairPlan plan;
  plan.next_cursor = input.record.audit_cursor;
  // The hourly run: settings unchanged, no audit. Nothing to compare, and no copy of every
  // unchanged pair (32 MB at a million files) is made.
  if (input.desired.empty() && !input.audit) return plan;
  const std::vector<SameSizePair> unchanged = Unchanged(input);
  std::vector<bool> repaired(unchanged.size(), false);
  for (std::size_t i = 0; i < unchanged.size() && !input.desired.empty(); ++i) {
    const std::size_t local = unchanged[i].local_index;
    const std::uint64_t recorded = input.record.fingerprints[local];
    if (recorded != 0 && recorded != input.desired[local]) {
      plan.repairs.push_back(RepairOf(input, unchanged[i], false));
      repaired[i] = true;
    }
  }
  if (input.audit) PlanAudit(input, unchanged, repaired, plan);
  return plan;
}

}  // namespace s3mirror::sync
