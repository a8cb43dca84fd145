#include "sync/plan/grace_period_stage.h"

#include <utility>

namespace s3mirror::sync {

bool GracePeriodStage::Wanted() const {
  return options_.delete_remote && options_.delete_after_missing > 0;
}

void GracePeriodStage::ApplyTo(Plan& plan, SyncResult& result) {
  Result<MissingCounts> stored = LoadMissingCounts(options_.missing_counts_path);
  if (!stored) reporter_.OnWarning(stored.error().message);
  decision_ = ApplyGracePeriod(stored ? *stored : MissingCounts{}, plan.deletes,
                               options_.delete_after_missing);
  plan.deletes = std::move(decision_->due);  // the counters are in after_success/after_failure
  result.kept_missing = decision_->kept;
  result.kept_note = DescribeKept(*decision_, options_.delete_after_missing, options_.dry_run);
}

// Without the grace period, files that failed before the executor (keys too long) do not hold
// back deletes: no object can exist under their keys.
bool GracePeriodStage::BlocksDeletes(const Plan& plan, std::uint64_t failed) {
  if (!decision_ || failed == 0 || plan.deletes.empty()) return false;
  reporter_.OnWarning("skipped " + std::to_string(plan.deletes.size()) + " deletion(s) because " +
                      std::to_string(failed) + " file(s) failed (--delete-after-missing)");
  return true;
}

// Only a successful run advances the counters; any other run that got to planning still drops
// the counters of keys that are no longer missing. A dry run changes nothing.
void GracePeriodStage::SaveCountsFor(report::Outcome outcome) {
  if (!decision_ || options_.dry_run) return;
  const bool success = outcome == report::Outcome::kSuccess;
  Status saved = SaveMissingCounts(options_.missing_counts_path,
                                   success ? decision_->after_success : decision_->after_failure);
  if (!saved) reporter_.OnWarning(saved.error().message);
}

}  // namespace s3mirror::sync
