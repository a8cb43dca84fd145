#include <catch2/catch.hpp>

#include "captured_stream.h"
#include "report/logger.h"
#include "report/progress_reporter.h"

using namespace std::chrono_literals;
using s3mirror::report::CapturedStream;
using s3mirror::report::Phase;
using s3mirror::report::PlanTotals;
using s3mirror::report::ProgressReporter;
using s3mirror::report::ProgressTally;

namespace {

class FakeClock final : public s3mirror::Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::time_point(steady_.time_since_epoch());
  }
  std::chrono::steady_clock::time_point Steady() const override { return steady_; }
  void Advance(std::chrono::milliseconds d) { steady_ += d; }

 private:
  std::chrono::steady_clock::time_point steady_{};
};

PlanTotals Plan(std::uint64_t uploads, std::uint64_t bytes) {
  return PlanTotals{.files_scanned = uploads,
                    .remote_objects = 0,
                    .uploads = uploads,
                    .upload_bytes = bytes,
                    .deletes = 0,
                    .skipped = 0,
                    .excluded = 0};
}

}  // namespace

TEST_CASE("ProgressReporter redraws one line with \\r and writes no newline until finished") {
  CapturedStream out;
  FakeClock clock;
  ProgressReporter progress(out.file(), clock, nullptr);
  progress.OnPhase(Phase::kScanning);
  for (int i = 1; i <= 5; ++i) {
    clock.Advance(300ms);
    progress.OnScanProgress(static_cast<std::uint64_t>(i) * 1000);
  }
  progress.OnPlanned(Plan(4, 4096));
  progress.OnPhase(Phase::kUploading);
  clock.Advance(2s);
  progress.OnUploaded("a", 2048);
  std::string text = out.text();
  CHECK(text.find('\n') == std::string::npos);
  CHECK_THAT(text, Catch::StartsWith("\rscanning 0 files\x1b[K\rscanning 1000 files\x1b[K"));
  CHECK_THAT(text,
             Catch::EndsWith("\ruploading 1/4 files, 2.0 KiB/4.0 KiB, 1.0 KiB/s, ETA 2.0s\x1b[K"));
  progress.OnFinished({});
  CHECK_THAT(out.text(), Catch::EndsWith("\x1b[K\r\x1b[K"));
  CHECK(out.text().find('\n') == std::string::npos);
}

TEST_CASE("ProgressReporter draws at most four times a second") {
  CapturedStream out;
  FakeClock clock;
  ProgressReporter progress(out.file(), clock, nullptr);
  progress.OnPhase(Phase::kListing);  // a phase change is always drawn
  for (int i = 1; i <= 10; ++i) progress.OnListProgress(static_cast<std::uint64_t>(i));
  std::string text = out.text();
  CHECK(std::count(text.begin(), text.end(), '\r') == 1);
  clock.Advance(250ms);
  progress.OnListProgress(11);
  CHECK_THAT(out.text(), Catch::EndsWith("\rlisting 11 objects\x1b[K"));
}

TEST_CASE("ProgressReporter clears and redraws its line around log lines") {
  CapturedStream out;
  FakeClock clock;
  s3mirror::report::LogOptions options;
  options.stream = out.file();
  s3mirror::report::Logger logger(options);
  {
    ProgressReporter progress(out.file(), clock, &logger);
    progress.OnPhase(Phase::kPlanning);
    logger.Warning("slow");
    CHECK(out.text() == "\rplanning\x1b[K\r\x1b[Ks3mirror: warning: slow\n\rplanning\x1b[K");
  }
  logger.Warning("after");  // the reporter is gone: nothing may call into it
  CHECK_THAT(out.text(), Catch::EndsWith("\r\x1b[Ks3mirror: warning: after\n"));
}

TEST_CASE("ProgressTally counts multipart bytes as parts finish, never going backwards") {
  ProgressTally tally;
  auto t0 = std::chrono::steady_clock::time_point{};
  tally.Planned(Plan(2, 1000));
  tally.EnterPhase(Phase::kUploading, t0);
  tally.BytesSent(300);  // a part of the big file
  CHECK(tally.bytes_done() == 300);
  tally.Uploaded(100);  // a small file completes; the estimate must not drop
  CHECK(tally.bytes_done() == 300);
  tally.Uploaded(900);
  CHECK(tally.bytes_done() == 1000);
  CHECK(tally.files_done() == 2);
  CHECK(tally.Rate(t0 + 500ms) == 0);  // too early to tell
  CHECK(tally.Rate(t0 + 4s) == 250.0);
  CHECK(tally.Eta(t0 + 4s) == 0s);
}

TEST_CASE("FormatProgressLine shows rate and ETA while uploading") {
  ProgressTally tally;
  auto t0 = std::chrono::steady_clock::time_point{};
  tally.Planned(Plan(100, 1000));
  tally.EnterPhase(Phase::kUploading, t0);
  tally.Uploaded(500);
  tally.Failed();
  CHECK(s3mirror::report::FormatProgressLine(tally, t0 + 10s) ==
        "uploading 1/100 files, 500 B/1000 B, 50 B/s, ETA 10.0s, 1 failed");
}
