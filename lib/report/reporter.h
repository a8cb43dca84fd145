// Reporter: the events of a run. Log lines, the progress line, the run-state file, history and
// metrics are all reporters of the same events; ReporterFanOut passes each event to several.
// Events are delivered on the thread that runs the sync engine, in order.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "http/request_counts.h"
#include "util/result.h"

namespace s3mirror::report {

enum class Phase { kScanning, kListing, kPlanning, kUploading, kDeleting, kDone };
const char* PhaseName(Phase phase);  // "scanning", "listing", ...

// What the plan says will happen; known once planning is over.
struct PlanTotals {
  std::uint64_t files_scanned = 0;
  std::uint64_t remote_objects = 0;
  std::uint64_t uploads = 0;
  std::uint64_t upload_bytes = 0;
  std::uint64_t deletes = 0;
  std::uint64_t skipped = 0;   // unchanged files
  std::uint64_t excluded = 0;  // files left out by --exclude/--include
};

enum class Outcome { kSuccess, kPartial, kFailed, kRefused, kInterrupted, kDryRun };
const char* OutcomeName(Outcome outcome);  // "success", "partial", "failed", ...

struct RunSummary {
  std::uint64_t files_scanned = 0;
  std::uint64_t uploaded = 0;
  std::uint64_t skipped = 0;
  std::uint64_t deleted = 0;
  std::uint64_t failed = 0;
  std::uint64_t bytes_uploaded = 0;
  std::uint64_t requests = 0;
  std::uint64_t retries = 0;
  std::uint64_t headers_fixed = 0;  // objects whose headers a metadata-only copy repaired
  std::chrono::milliseconds duration{0};
  Outcome outcome = Outcome::kSuccess;
  int exit_code = 0;
  std::vector<std::string> first_errors;  // at most a few, "key: message"
  // Every request of the run by type and answer; request_counts.Total() == requests.
  http::RequestCounts request_counts{};
};

// The one-line summary printed at the end of plain output:
// "scanned 5000, uploaded 12, skipped 4988, deleted 0, failed 0, 1.2 MiB in 3.4s"
std::string FormatSummaryLine(const RunSummary& summary);

// The requests of a run, by type and answer, every count shown:
// "requests 14: LIST 1, GET 0, HEAD 0, PUT 9, COPY 0, DELETE 1, multipart 3 (create 1, part 1,
//  complete 1, abort 0), other 0; retries 2, 503/SlowDown 2, other 5xx 0, network errors 0"
std::string FormatRequestLine(const http::RequestCounts& counts, std::uint64_t retries);

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void OnPhase(Phase /*phase*/) {}
  virtual void OnScanProgress(std::uint64_t /*files_scanned*/) {}
  virtual void OnListProgress(std::uint64_t /*objects_listed*/) {}
  virtual void OnPlanned(const PlanTotals& /*totals*/) {}
  // dry_run: it would have been uploaded/deleted.
  virtual void OnUploadPlanned(std::string_view /*key*/, std::uint64_t /*bytes*/) {}
  virtual void OnDeletePlanned(std::string_view /*key*/) {}
  // dry_run: its headers would be repaired by a copy (check_first: HEAD'ed first, copied if wrong).
  virtual void OnHeaderRepairPlanned(std::string_view /*key*/, bool /*check_first*/) {}
  virtual void OnUploaded(std::string_view /*key*/, std::uint64_t /*bytes*/) {}
  virtual void OnBytesSent(std::uint64_t /*bytes*/) {}  // part of a multipart upload done
  virtual void OnDeleted(std::string_view /*key*/) {}
  virtual void OnFailed(std::string_view /*key*/, const Error& /*error*/) {}
  virtual void OnRetry(std::string_view /*subject*/, const Error& /*error*/, int /*retry*/,
                       std::chrono::milliseconds /*delay*/) {}
  virtual void OnWarning(std::string_view /*message*/) {}
  // A path with an awkward name (sync/names/key_lint.h), after the warnings that count them;
  // `issues` names its issues ("trailing space, case twin").
  virtual void OnAwkwardName(std::string_view /*path*/, std::string_view /*issues*/) {}
  // Refusals (deletion guard, empty source) and fatal errors.
  virtual void OnError(const Error& /*error*/) {}
  virtual void OnFinished(const RunSummary& /*summary*/) {}
};

class ReporterFanOut final : public Reporter {
 public:
  void Add(Reporter* reporter) { reporters_.push_back(reporter); }

  void OnPhase(Phase phase) override;
  void OnScanProgress(std::uint64_t files_scanned) override;
  void OnListProgress(std::uint64_t objects_listed) override;
  void OnPlanned(const PlanTotals& totals) override;
  void OnUploadPlanned(std::string_view key, std::uint64_t bytes) override;
  void OnDeletePlanned(std::string_view key) override;
  void OnHeaderRepairPlanned(std::string_view key, bool check_first) override;
  void OnUploaded(std::string_view key, std::uint64_t bytes) override;
  void OnBytesSent(std::uint64_t bytes) override;
  void OnDeleted(std::string_view key) override;
  void OnFailed(std::string_view key, const Error& error) override;
  void OnRetry(std::string_view subject, const Error& error, int retry,
               std::chrono::milliseconds delay) override;
  void OnWarning(std::string_view message) override;
  void OnAwkwardName(std::string_view path, std::string_view issues) override;
  void OnError(const Error& error) override;
  void OnFinished(const RunSummary& summary) override;

 private:
  std::vector<Reporter*> reporters_;
};

}  // namespace s3mirror::report
