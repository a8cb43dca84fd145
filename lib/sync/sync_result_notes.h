// How a sync run fills its SyncResult from its stages: failed files and the executor's counts
// merged into the RunSummary, and what of the plan was done or left undone, for the state dir (the
// deletion journal and the run manifest). Pure but for NoteDone, which asks the RunLedger.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "report/reporter.h"
#include "sync/execute/executor.h"
#include "sync/execute/run_ledger.h"
#include "sync/sync_options.h"
#include "sync/sync_types.h"
#include "util/result.h"

namespace s3mirror::sync {

// Counts a file that failed before the executor in summary.failed, and adds "path: message" to
// summary.first_errors while it holds fewer than kMaxFirstErrors lines.
void NoteFailedFile(report::RunSummary& summary, std::string_view path, const Error& error);

// Adds the executor's counts to `summary`: uploaded, deleted, bytes_uploaded and headers_fixed are
// set; failed and retries added to (files failed and requests retried before the executor count
// too); executed.first_errors appended while summary.first_errors holds fewer than
// kMaxFirstErrors lines.
void AddExecution(report::RunSummary& summary, const ExecutionResult& executed);

// A plan as it was given to the executor, with what it refers to.
struct ExecutedPlan {
  const Plan& plan;                              // the plan as built (before header repairs joined)
  const std::vector<LocalFile>& files;           // the list plan.uploads index into
  const std::vector<RemoteObject>& remote_only;  // Diff::remote_only, sorted by key bytes
  std::string_view prefix;                       // keys are prefix + relative path
};

// After the executor: sets result.planned, and from the ledger the uploads and deletes of the
// plan left undone (relative paths and keys) and the objects deleted (as listed).
void NoteDone(SyncResult& result, RunLedger& ledger, const ExecutedPlan& executed);

// For a run refused after planning, which did none of its plan: sets result.planned, and every
// planned upload (relative path, in plan order) and delete as undone.
void NoteUnfinished(SyncResult& result, const Plan& plan, const std::vector<LocalFile>& files);

}  // namespace s3mirror::sync
