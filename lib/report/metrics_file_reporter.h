// MetricsFileReporter: at OnFinished, writes the run's metrics in the Prometheus text format to a
// file (for node_exporter's textfile collector), replaced atomically (mode 0644):
//   s3mirror_last_run_timestamp_seconds{destination="s3://b/p"} 1764081783
//   s3mirror_last_run_success{...} 1            (outcome success or dry-run)
//   s3mirror_last_run_duration_seconds{...} 3.4
//   s3mirror_last_run_files{destination="...",result="uploaded|skipped|deleted|failed"} N
//   s3mirror_last_run_bytes_uploaded{...} N
//   s3mirror_last_run_requests{...,type="list|get|head|put|copy|delete|multipart_create|
//     multipart_part|multipart_complete|multipart_abort|other"} N
//   s3mirror_last_run_retries{...} N
//   s3mirror_last_run_error_answers{...,answer="throttled|server_errors|network_errors"} N
// each with # HELP and # TYPE lines. A write failure does not fail the run; write_error() has it.
#pragma once

#include <optional>
#include <string>

#include "report/reporter.h"
#include "util/clock.h"
#include "util/result.h"

namespace s3mirror::report {

class MetricsFileReporter final : public Reporter {
 public:
  // `clock` must outlive the reporter.
  MetricsFileReporter(std::string path, std::string destination_url, const Clock& clock);

  void OnFinished(const RunSummary& summary) override;

  const std::optional<Error>& write_error() const { return write_error_; }

 private:
  std::string path_;
  std::string destination_url_;
  const Clock& clock_;
  std::optional<Error> write_error_;
};

// The file's text. Pure.
std::string FormatPrometheusMetrics(const std::string& destination_url, const RunSummary& summary,
                                    std::chrono::system_clock::time_point finished_at);

}  // namespace s3mirror::report
