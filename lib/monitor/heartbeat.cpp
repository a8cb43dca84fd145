#include "monitor/heartbeat.h"

#include "state/timestamp.h"
#include "util/units.h"

namespace s3mirror::monitor {

std::string HeartbeatBody(const HeartbeatInfo& info) {
  std::string body = "s3mirror heartbeat\n";
  body += "time: " + state::FormatUtcIso(info.time) + "\n";
  body += "host: " + info.host + "\n";
  if (!info.last_run) return body;
  const report::RunSummary& run = *info.last_run;
  body += std::string("last_run: ") + report::OutcomeName(run.outcome) + "\n";
  body += "last_run_summary: scanned " + std::to_string(run.files_scanned) + ", uploaded " +
          std::to_string(run.uploaded) + ", skipped " + std::to_string(run.skipped) + ", deleted " +
          std::to_string(run.deleted) + ", failed " + std::to_string(run.failed) + ", bytes " +
          std::to_string(run.bytes_uploaded) + ", duration " + FormatDuration(run.duration) + "\n";
  return body;
}

}  // namespace s3mirror::monitor
