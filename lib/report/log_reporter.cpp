#include "report/log_reporter.h"

#include "util/units.h"

namespace s3mirror::report {

std::string DescribeError(const Error& error, bool details) {
  std::string text = error.message.empty() ? ErrorKindName(error.kind) : error.message;
  if (!details) return text;
  std::string extra;
  const auto append = [&extra](const std::string& part) {
    extra += extra.empty() ? part : ", " + part;
  };
  if (!error.s3_code.empty()) append(error.s3_code);
  if (error.http_status != 0) append("HTTP " + std::to_string(error.http_status));
  if (!error.request_id.empty()) append("request id " + error.request_id);
  return extra.empty() ? text : text + " (" + extra + ")";
}

void LogReporter::OnPhase(Phase phase) { logger_.Debug(std::string("phase: ") + PhaseName(phase)); }

void LogReporter::OnPlanned(const PlanTotals& totals) {
  if (!logger_.Enabled(LogLevel::kInfo)) return;
  logger_.Info("plan: upload " + std::to_string(totals.uploads) + " (" +
               FormatBytes(totals.upload_bytes) + "), delete " + std::to_string(totals.deletes) +
               ", unchanged " + std::to_string(totals.skipped) + ", excluded " +
               std::to_string(totals.excluded) + ", remote objects " +
               std::to_string(totals.remote_objects));
}

void LogReporter::OnUploadPlanned(std::string_view key, std::uint64_t bytes) {
  logger_.Output(LogLevel::kInfo,
                 "would upload " + std::string(key) + " (" + FormatBytes(bytes) + ")");
}

void LogReporter::OnDeletePlanned(std::string_view key) {
  logger_.Output(LogLevel::kInfo, "would delete " + std::string(key));
}

void LogReporter::OnHeaderRepairPlanned(std::string_view key, bool check_first) {
  logger_.Output(
      LogLevel::kInfo,
      (check_first ? "would check headers of " : "would fix headers of ") + std::string(key));
}

void LogReporter::OnUploaded(std::string_view key, std::uint64_t bytes) {
  if (!logger_.Enabled(LogLevel::kInfo)) return;  // 1M files: skip the formatting
  logger_.Info("upload " + std::string(key) + " (" + FormatBytes(bytes) + ")");
}

void LogReporter::OnDeleted(std::string_view key) {
  if (!logger_.Enabled(LogLevel::kInfo)) return;
  logger_.Info("delete " + std::string(key));
}

void LogReporter::OnFailed(std::string_view key, const Error& error) {
  logger_.Error("failed " + std::string(key) + ": " + DescribeError(error, details()));
}

// "retry 2 of PUT index.html in 400ms: connection reset"
void LogReporter::OnRetry(std::string_view subject, const Error& error, int retry,
                          std::chrono::milliseconds delay) {
  if (!logger_.Enabled(LogLevel::kInfo)) return;
  logger_.Info("retry " + std::to_string(retry) + " of " + std::string(subject) + " in " +
               FormatDuration(delay) + ": " + DescribeError(error, details()));
}

void LogReporter::OnWarning(std::string_view message) { logger_.Warning(message); }

void LogReporter::OnAwkwardName(std::string_view path, std::string_view issues) {
  if (!logger_.Enabled(LogLevel::kInfo)) return;
  logger_.Info("awkward name (" + std::string(issues) + "): \"" + std::string(path) + "\"");
}

void LogReporter::OnError(const Error& error) { logger_.Error(DescribeError(error, details())); }

void LogReporter::OnFinished(const RunSummary& summary) {
  const std::string line = FormatSummaryLine(summary);
  // --quiet: no summary on the terminal, but syslog (when on) still records every run.
  if (logger_.verbosity() < 0) {
    logger_.Notice(line);
  } else {
    logger_.Output(LogLevel::kNotice, line);
  }
  if (logger_.Enabled(LogLevel::kInfo)) {
    logger_.Info(FormatRequestLine(summary.request_counts, summary.retries));
  }
}

}  // namespace s3mirror::report
