#include "report/reporter.h"

namespace s3mirror::report {

const char* PhaseName(Phase phase) {
  switch (phase) {
    case Phase::kScanning: return "scanning";
    case Phase::kListing: return "listing";
    case Phase::kPlanning: return "planning";
    case Phase::kUploading: return "uploading";
    case Phase::kDeleting: return "deleting";
    case Phase::kDone: return "done";
  }
  return "done";
}

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kSuccess: return "success";
    case Outcome::kPartial: return "partial";
    case Outcome::kFailed: return "failed";
    case Outcome::kRefused: return "refused";
    case Outcome::kInterrupted: return "interrupted";
    case Outcome::kDryRun: return "dry-run";
  }
  return "failed";
}

void ReporterFanOut::OnPhase(Phase phase) {
  for (Reporter* r : reporters_) r->OnPhase(phase);
}
void ReporterFanOut::OnScanProgress(std::uint64_t files_scanned) {
  for (Reporter* r : reporters_) r->OnScanProgress(files_scanned);
}
void ReporterFanOut::OnListProgress(std::uint64_t objects_listed) {
  for (Reporter* r : reporters_) r->OnListProgress(objects_listed);
}
void ReporterFanOut::OnPlanned(const PlanTotals& totals) {
  for (Reporter* r : reporters_) r->OnPlanned(totals);
}
void ReporterFanOut::OnUploadPlanned(std::string_view key, std::uint64_t bytes) {
  for (Reporter* r : reporters_) r->OnUploadPlanned(key, bytes);
}
void ReporterFanOut::OnDeletePlanned(std::string_view key) {
  for (Reporter* r : reporters_) r->OnDeletePlanned(key);
}
void ReporterFanOut::OnHeaderRepairPlanned(std::string_view key, bool check_first) {
  for (Reporter* r : reporters_) r->OnHeaderRepairPlanned(key, check_first);
}
void ReporterFanOut::OnUploaded(std::string_view key, std::uint64_t bytes) {
  for (Reporter* r : reporters_) r->OnUploaded(key, bytes);
}
void ReporterFanOut::OnBytesSent(std::uint64_t bytes) {
  for (Reporter* r : reporters_) r->OnBytesSent(bytes);
}
void ReporterFanOut::OnDeleted(std::string_view key) {
  for (Reporter* r : reporters_) r->OnDeleted(key);
}
void ReporterFanOut::OnFailed(std::string_view key, const Error& error) {
  for (Reporter* r : reporters_) r->OnFailed(key, error);
}
void ReporterFanOut::OnRetry(std::string_view subject, const Error& error, int retry,
                             std::chrono::milliseconds delay) {
  for (Reporter* r : reporters_) r->OnRetry(subject, error, retry, delay);
}
void ReporterFanOut::OnWarning(std::string_view message) {
  for (Reporter* r : reporters_) r->OnWarning(message);
}
void ReporterFanOut::OnAwkwardName(std::string_view path, std::string_view issues) {
  for (Reporter* r : reporters_) r->OnAwkwardName(path, issues);
}
void ReporterFanOut::OnError(const Error& error) {
  for (Reporter* r : reporters_) r->OnError(error);
}
void ReporterFanOut::OnFinished(const RunSummary& summary) {
  for (Reporter* r : reporters_) r->OnFinished(summary);
}

}  // namespace s3mirror::report
