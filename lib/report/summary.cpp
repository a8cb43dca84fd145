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

}  // namespace s3mirror::report
