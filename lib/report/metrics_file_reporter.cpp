#include "report/metrics_file_reporter.h"

#include <cstdio>

#include "util/file.h"

namespace s3mirror::report {
namespace {

// Prometheus label values escape backslash, double quote and newline.
std::string EscapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

// Millisecond precision, without trailing zeros: "3.4", "1764081783".
std::string Number(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3f", value);
  std::string out = text;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

void AddMetric(std::string& out, const char* name, const char* help, const std::string& labels,
               const std::string& value) {
  out += std::string("# HELP ") + name + " " + help + "\n";
  out += std::string("# TYPE ") + name + " gauge\n";
  out += std::string(name) + "{" + labels + "} " + value + "\n";
}

// s3mirror_last_run_requests{type}, s3mirror_last_run_retries, s3mirror_last_run_answers{answer}.
void AddRequestMetrics(std::string& out, const std::string& label, const RunSummary& summary) {
  const auto add_family = [&](const char* name, const char* help, const char* dimension,
                              const std::vector<http::NamedCount>& counts) {
    out += std::string("# HELP ") + name + " " + help + "\n";
    out += std::string("# TYPE ") + name + " gauge\n";
    for (const http::NamedCount& count : counts) {
      out += std::string(name) + "{" + label + "," + dimension + "=\"" + count.name + "\"} " +
             std::to_string(count.value) + "\n";
    }
  };
  add_family("s3mirror_last_run_requests", "Requests sent by the last run, by type.", "type",
             http::CountsByType(summary.request_counts));
  AddMetric(out, "s3mirror_last_run_retries", "Requests the last run sent again.", label,
            std::to_string(summary.retries));
  add_family("s3mirror_last_run_error_answers",
             "Answers of the last run that were 503 (throttled), another 5xx, or none.", "answer",
             http::CountsByAnswer(summary.request_counts));
}

}  // namespace

std::string FormatPrometheusMetrics(const std::string& destination_url, const RunSummary& summary,
                                    std::chrono::system_clock::time_point finished_at) {
  std::string label = "destination=\"" + EscapeLabel(destination_url) + "\"";
  bool success = summary.outcome == Outcome::kSuccess || summary.outcome == Outcome::kDryRun;
  double timestamp = std::chrono::duration<double>(finished_at.time_since_epoch()).count();
  double duration = std::chrono::duration<double>(summary.duration).count();
  std::string out;
  AddMetric(out, "s3mirror_last_run_timestamp_seconds", "Unix time when the last run finished.",
            label, Number(timestamp));
  AddMetric(out, "s3mirror_last_run_success", "1 if the last run had no failures, else 0.", label,
            success ? "1" : "0");
  AddMetric(out, "s3mirror_last_run_duration_seconds", "Duration of the last run.", label,
            Number(duration));
  out += "# HELP s3mirror_last_run_files Files in the last run, by result.\n";
  out += "# TYPE s3mirror_last_run_files gauge\n";
  const std::pair<const char*, std::uint64_t> files[] = {{"uploaded", summary.uploaded},
                                                         {"skipped", summary.skipped},
                                                         {"deleted", summary.deleted},
                                                         {"failed", summary.failed}};
  for (const auto& [result, count] : files) {
    out += "s3mirror_last_run_files{" + label + ",result=\"" + result + "\"} " +
           std::to_string(count) + "\n";
  }
  AddMetric(out, "s3mirror_last_run_bytes_uploaded", "Bytes uploaded by the last run.", label,
            std::to_string(summary.bytes_uploaded));
  AddRequestMetrics(out, label, summary);
  return out;
}

MetricsFileReporter::MetricsFileReporter(std::string path, std::string destination_url,
                                         const Clock& clock)
    : path_(std::move(path)), destination_url_(std::move(destination_url)), clock_(clock) {}

void MetricsFileReporter::OnFinished(const RunSummary& summary) {
  std::string text = FormatPrometheusMetrics(destination_url_, summary, clock_.Now());
  // Atomic: node_exporter must never read half a file.
  Status written = WriteFileAtomic(path_, text, 0644);
  if (!written) write_error_ = written.error();
}

}  // namespace s3mirror::report
