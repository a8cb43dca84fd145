#include "sync/sync_result_notes.h"

#include <string>

namespace s3mirror::sync {
namespace {

void NoteFirstError(report::RunSummary& summary, std::string line) {
  if (summary.first_errors.size() < kMaxFirstErrors)
    summary.first_errors.push_back(std::move(line));
}

}  // namespace

void NoteFailedFile(report::RunSummary& summary, std::string_view path, const Error& error) {
  ++summary.failed;
  NoteFirstError(summary, std::string(path) + ": " + error.message);
}

void AddExecution(report::RunSummary& summary, const ExecutionResult& executed) {
  summary.uploaded = executed.uploaded;
  summary.deleted = executed.deleted;
  summary.failed += executed.failed;
  summary.bytes_uploaded = executed.bytes_uploaded;
  summary.retries += executed.retries;
  summary.headers_fixed = executed.headers_fixed;
  for (const std::string& line : executed.first_errors) NoteFirstError(summary, line);
}

void NoteDone(SyncResult& result, RunLedger& ledger, const ExecutedPlan& executed) {
  result.planned = true;
  result.unfinished_uploads =
      ledger.UnfinishedUploads(executed.plan, executed.files, executed.prefix);
  result.unfinished_deletes = ledger.UnfinishedDeletes(executed.plan, executed.prefix);
  result.deleted = ledger.DeletedObjects(executed.remote_only, executed.prefix);
}

void NoteUnfinished(SyncResult& result, const Plan& plan, const std::vector<LocalFile>& files) {
  result.planned = true;
  for (const PlannedUpload& upload : plan.uploads) {
    result.unfinished_uploads.push_back(files[upload.local_index].path);
  }
  result.unfinished_deletes = plan.deletes;
}

}  // namespace s3mirror::sync
