// GracePeriodStage: --delete-after-missing within one sync run (the rule is in grace_period.h).
// At planning it loads the counters from the state dir and keeps only the due deletes in the plan,
// so that the deletion guard counts the deletes actually due; before the executor it holds the
// deletes back when a file already failed; at the end it saves the counters for the run's outcome.
// Single-threaded; holds references to the options and the reporter, which must outlive it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "report/reporter.h"
#include "sync/plan/grace_period.h"
#include "sync/sync_options.h"
#include "sync/sync_types.h"

namespace s3mirror::sync {

class GracePeriodStage {
 public:
  GracePeriodStage(const SyncOptions& options, report::Reporter& reporter)
      : options_(options), reporter_(reporter) {}

  // True when the options ask for a grace period: delete_remote and delete_after_missing > 0.
  bool Wanted() const;

  // Replaces plan.deletes (the candidates) with the due ones, and sets result.kept_missing and
  // result.kept_note (DescribeKept). Damaged counters are a warning and count as none, which only
  // delays deletes. Requires: Wanted(); called once, before the deletion guard.
  void ApplyTo(Plan& plan, SyncResult& result);

  // With the grace period applied, a due delete counts the run as a successful one; a run in
  // which `failed` files already failed cannot be one. True (with a warning naming the deletes
  // skipped) when `plan` has deletes that must therefore not run; false when the grace period
  // was not applied, nothing failed, or nothing is to be deleted.
  bool BlocksDeletes(const Plan& plan, std::uint64_t failed);

  // Saves the counters for a run that ended with `outcome`: advanced after kSuccess, otherwise
  // only those of keys no longer missing dropped. Nothing when the grace period was not applied
  // or in a dry run. A failed save is a warning.
  void SaveCountsFor(report::Outcome outcome);

 private:
  const SyncOptions& options_;
  report::Reporter& reporter_;
  std::optional<GraceDecision> decision_{};  // set by ApplyTo
};

}  // namespace s3mirror::sync
