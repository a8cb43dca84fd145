// RunHeaders: the header side of one sync run, carried between its stages. Before the scan, the
// header settings: the --headers rules, the content types and the HeaderPolicy built on them (for
// the executor). At planning, with a header record path, the record and the repairs planned from
// it (header_stage.h). After the executor, the record saved, marked as following this run's
// settings only when the run fixed everything. Without a header record path there is no record
// and no repair. Single-threaded; holds references to the options and the reporter, which must
// outlive it; not copyable, as the policy points into it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "report/reporter.h"
#include "sync/execute/executor.h"
#include "sync/headers/content_type.h"
#include "sync/headers/header_record.h"
#include "sync/headers/header_rules.h"
#include "sync/headers/object_headers.h"
#include "sync/listing/merge_join.h"
#include "sync/sync_options.h"
#include "sync/sync_types.h"
#include "util/result.h"

namespace s3mirror::sync {

class RunHeaders {
 public:
  RunHeaders(const SyncOptions& options, report::Reporter& reporter)
      : options_(options), reporter_(reporter) {}
  RunHeaders(const RunHeaders&) = delete;
  RunHeaders& operator=(const RunHeaders&) = delete;

  // Loads the headers_file rules (when one is given; its error as LoadHeaderRules gives it) and
  // builds the content types (reading the mime.types file) and the policy. Requires: called once,
  // before any other member.
  Status LoadSettings();
  // Requires: LoadSettings succeeded.
  const ContentTypes& types() const { return *types_; }
  const HeaderPolicy& policy() const { return *policy_; }

  // With a header record path: loads the record (a damaged one is a warning and counts as empty)
  // and plans the repairs of the unchanged objects whose headers differ from the settings, and,
  // with --fix-headers, the budgeted audit. Without one: nothing. Requires: LoadSettings
  // succeeded; `files` the run's list, to which the record is aligned from now on.
  void PlanRepairs(const Plan& plan, const std::vector<LocalFile>& files, const Diff& diff);
  const std::vector<HeaderRepair>& repairs() const { return repairs_; }
  // The planned repairs, moved out (repairs() is empty afterwards).
  std::vector<HeaderRepair> TakeRepairs() { return std::move(repairs_); }

  // The record for the executor to update; null without a header record path.
  HeaderRecord* record() { return options_.header_record_path.empty() ? nullptr : &record_; }

  // After the executor: marks the record as following this run's settings when `executed` has no
  // failure, no repair skipped as too large and no interruption (otherwise the next run compares
  // every file again), and saves it, aligned with `files`. Nothing without a header record path
  // or in a dry run; a failed save is a warning.
  void SaveRecord(const std::vector<LocalFile>& files, const ExecutionResult& executed);

 private:
  const SyncOptions& options_;
  report::Reporter& reporter_;
  HeaderRules rules_{};
  std::optional<ContentTypes> types_{};
  std::optional<HeaderPolicy> policy_{};  // points to rules_ and *types_
  HeaderRecord record_{};
  std::vector<HeaderRepair> repairs_{};
  std::uint64_t settings_fingerprint_ = 0;  // of this run's settings, from PlanRepairs
};

}  // namespace s3mirror::sync
