#include <catch2/catch.hpp>

#include "report/reporter.h"

namespace s3mirror::report {

TEST_CASE("FormatSummaryLine names every count, the bytes and the time") {
  RunSummary summary;
  summary.files_scanned = 5000;
  summary.uploaded = 12;
  summary.skipped = 4988;
  summary.deleted = 3;
  summary.failed = 1;
  summary.bytes_uploaded = 1258291;
  summary.duration = std::chrono::milliseconds(3400);
  summary.outcome = Outcome::kPartial;
  CHECK(FormatSummaryLine(summary) ==
        "scanned 5000 files, uploaded 12, skipped 4988, deleted 3, failed 1, 1.2 MiB in 3.4s");
}

TEST_CASE("FormatSummaryLine says file for one file") {
  RunSummary summary;
  summary.files_scanned = 1;
  summary.skipped = 1;
  summary.duration = std::chrono::milliseconds(850);
  CHECK(FormatSummaryLine(summary) ==
        "scanned 1 file, uploaded 0, skipped 1, deleted 0, failed 0, 0 B in 850ms");
}

TEST_CASE("FormatSummaryLine names outcomes the counts do not show") {
  RunSummary summary;
  summary.outcome = Outcome::kDryRun;
  CHECK_THAT(FormatSummaryLine(summary), Catch::EndsWith(" in 0ms (dry run)"));
  summary.outcome = Outcome::kInterrupted;
  CHECK_THAT(FormatSummaryLine(summary), Catch::EndsWith(" (interrupted)"));
  summary.outcome = Outcome::kRefused;
  CHECK_THAT(FormatSummaryLine(summary), Catch::EndsWith(" (refused)"));
  summary.outcome = Outcome::kFailed;
  CHECK_THAT(FormatSummaryLine(summary), Catch::EndsWith(" (failed)"));
}

}  // namespace s3mirror::report
