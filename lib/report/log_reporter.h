// LogReporter: the events of a run as log lines through a Logger. What each verbosity shows:
//   always        failures ("failed KEY: message"), errors, the dry-run listing
//                 ("would upload KEY (SIZE)", "would delete KEY")
//   default (0)   warnings and the one-line summary (FormatSummaryLine) as a result line
//   -q (-1)       the summary only to syslog
//   -v (1)        each upload and delete ("upload KEY (SIZE)", "delete KEY"), retries, the plan,
//                 each awkward name ("awkward name (ISSUES): \"PATH\"")
//   -vv (2)       phases, and the HTTP status, S3 code and request id of errors
// The Logger must outlive the reporter.
#pragma once

#include "report/logger.h"
#include "report/reporter.h"

namespace s3mirror::report {

// "access denied" or, with details, "access denied (AccessDenied, HTTP 403, request id 4F2...)".
std::string DescribeError(const Error& error, bool details);

class LogReporter final : public Reporter {
 public:
  explicit LogReporter(Logger& logger) : logger_(logger) {}

  void OnPhase(Phase phase) override;
  void OnPlanned(const PlanTotals& totals) override;
  void OnUploadPlanned(std::string_view key, std::uint64_t bytes) override;
  void OnDeletePlanned(std::string_view key) override;
  void OnHeaderRepairPlanned(std::string_view key, bool check_first) override;
  void OnUploaded(std::string_view key, std::uint64_t bytes) override;
  void OnDeleted(std::string_view key) override;
  void OnFailed(std::string_view key, const Error& error) override;
  void OnRetry(std::string_view subject, const Error& error, int retry,
               std::chrono::milliseconds delay) override;
  void OnWarning(std::string_view message) override;
  void OnAwkwardName(std::string_view path, std::string_view issues) override;
  void OnError(const Error& error) override;
  void OnFinished(const RunSummary& summary) override;

 private:
  bool details() const { return logger_.verbosity() >= 2; }

  Logger& logger_;
};

}  // namespace s3mirror::report
