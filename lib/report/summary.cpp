#include "report/reporter.h"
#include "util/units.h"

namespace s3mirror::report {

namespace {

// Outcomes other than success and partial are not visible in the counts, so they are named.
const char* OutcomeSuffix(Outcome outcome) {
  switch (outcome) {
    case Outcome::kSuccess:
    case Outcome::kPartial:
      return "";
    case Outcome::kDryRun:
      return " (dry run)";
    case Outcome::kInterrupted:
      return " (interrupted)";
    case Outcome::kRefused:
      return " (refused)";
    case Outcome::kFailed:
      return " (failed)";
  }
  return "";
}

}  // namespace

// "scanned 5000 files, uploaded 12, skipped 4988, deleted 0, failed 0, 1.2 MiB in 3.4s"
std::string FormatSummaryLine(const RunSummary& summary) {
  std::string line = "scanned " + std::to_string(summary.files_scanned) +
                     (summary.files_scanned == 1 ? " file" : " files");
  line += ", uploaded " + std::to_string(summary.uploaded);
  line += ", skipped " + std::to_string(summary.skipped);
  line += ", deleted " + std::to_string(summary.deleted);
  line += ", failed " + std::to_string(summary.failed);
  if (summary.headers_fixed > 0)
    line += ", fixed headers of " + std::to_string(summary.headers_fixed);
  line += ", " + FormatBytes(summary.bytes_uploaded) + " in " + FormatDuration(summary.duration);
  line += OutcomeSuffix(summary.outcome);
  return line;
}

std::string FormatRequestLine(const http::RequestCounts& c, std::uint64_t retries) {
  const auto n = [](std::uint64_t value) { return std::to_string(value); };
  return "requests " + n(c.Total()) + ": LIST " + n(c.list) + ", GET " + n(c.get) + ", HEAD " +
         n(c.head) + ", PUT " + n(c.put) + ", COPY " + n(c.copy) + ", DELETE " + n(c.del) +
         ", multipart " + n(c.Multipart()) + " (create " + n(c.multipart_create) + ", part " +
         n(c.multipart_part) + ", complete " + n(c.multipart_complete) + ", abort " +
         n(c.multipart_abort) + "), other " + n(c.other) + "; retries " + n(retries) +
         ", 503/SlowDown " + n(c.throttled) + ", other 5xx " + n(c.server_errors) +
         ", network errors " + n(c.network_errors);
}

}  // namespace s3mirror::report
