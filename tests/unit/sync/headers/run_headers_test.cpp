#include <catch2/catch.hpp>
#include <filesystem>

#include "support/temp_dir.h"
#include "sync/headers/header_stage.h"
#include "sync/headers/run_headers.h"
#include "unit/sync/execute/executor_fixture.h"

namespace s3mirror::sync {
namespace {

struct HeadersHarness {
  testing::TempDir state;
  SyncOptions options;
  testing_executor::RecordingReporter reporter;  // its warnings
  std::vector<LocalFile> files = {{.path = "a.html", .size = 1}};
  Diff diff;  // nothing listed: no unchanged object to repair

  HeadersHarness() {
    options.mime_types_file = "";
    options.header_record_path = state.Join("headers");
  }
  // One run's header side: settings, planning, and the save after `executed`.
  void RunWith(const ExecutionResult& executed) {
    RunHeaders headers(options, reporter);
    REQUIRE(headers.LoadSettings().has_value());
    headers.PlanRepairs(Plan{}, files, diff);
    headers.SaveRecord(files, executed);
  }
  std::uint64_t RecordedSettings() {
    Result<HeaderRecord> record = LoadHeaderRecord(options.header_record_path, files);
    REQUIRE(record.has_value());
    return record->settings_fingerprint;
  }
};

}  // namespace

TEST_CASE("RunHeaders records the settings as followed only after a run that fixed everything") {
  HeadersHarness h;
  SECTION("a failed key") { h.RunWith({.failed = 1}); }
  SECTION("a repair too large to copy") { h.RunWith({.headers_too_large = 1}); }
  SECTION("an interrupted run") { h.RunWith({.interrupted = true}); }
  CHECK(h.RecordedSettings() == 0);
  h.RunWith({});
  CHECK(h.RecordedSettings() == HeaderSettingsFingerprint(h.options, HeaderRules{}));
  CHECK(h.reporter.warnings.empty());
}

TEST_CASE("RunHeaders without a header record path plans no repair and saves nothing") {
  HeadersHarness h;
  const std::string path = h.options.header_record_path;
  h.options.header_record_path.clear();
  RunHeaders headers(h.options, h.reporter);
  REQUIRE(headers.LoadSettings().has_value());
  CHECK(headers.record() == nullptr);
  headers.PlanRepairs(Plan{}, h.files, h.diff);
  headers.SaveRecord(h.files, {});
  CHECK(headers.repairs().empty());
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("RunHeaders fails to load settings from a rules file that cannot be read") {
  HeadersHarness h;
  h.options.headers_file = h.state.Join("missing-rules");
  RunHeaders headers(h.options, h.reporter);
  const Status loaded = headers.LoadSettings();
  REQUIRE_FALSE(loaded.has_value());
  CHECK(loaded.error().kind == ErrorKind::kUsage);
}

}  // namespace s3mirror::sync
