#include <catch2/catch.hpp>

#include "support/temp_dir.h"
#include "sync/scan/scan_stage.h"

namespace s3mirror::sync {
namespace {

class FailureRecorder final : public report::Reporter {
 public:
  void OnFailed(std::string_view key, const Error& error) override {
    failed.push_back(std::string(key) + ": " + error.message);
  }
  std::vector<std::string> failed;
};

std::vector<std::string> Paths(const std::vector<LocalFile>& files) {
  std::vector<std::string> paths;
  for (const LocalFile& file : files) paths.push_back(file.path);
  return paths;
}

// RunScanStage over a temporary LOCAL_DIR, without the mount check.
struct StageHarness {
  testing::TempDir dir;
  SyncOptions options;
  const Filter filter;
  FailureRecorder reporter;
  report::RunSummary summary;

  StageHarness() {
    options.local_dir = dir.path();
    options.check_mounts = false;
  }
  Result<ScanStage> Run() {
    return RunScanStage(
        {.options = options, .filter = filter, .reporter = reporter, .summary = summary});
  }
};

}  // namespace

TEST_CASE("FailOverlongKeys fails the files whose key with the prefix passes 1024 bytes") {
  const std::string prefix = "site/";
  const std::string longest(kMaxKeyBytes - prefix.size(), 'a');  // exactly 1024 with the prefix
  const std::string too_long = longest + "b";
  std::vector<LocalFile> files = {{.path = "a.html"}, {.path = longest}, {.path = too_long}};
  FailureRecorder reporter;
  report::RunSummary summary;
  FailOverlongKeys(files, prefix, reporter, summary);
  CHECK(Paths(files) == std::vector<std::string>{"a.html", longest});
  CHECK(summary.failed == 1);
  const std::string line = too_long +
                           ": its key is 1025 bytes long; S3 allows at most 1024 (not "
                           "uploaded)";
  CHECK(reporter.failed == std::vector<std::string>{line});
  CHECK(summary.first_errors == std::vector<std::string>{line});
}

TEST_CASE("RunScanStage refuses an empty LOCAL_DIR as a safety error") {
  StageHarness h;
  const Result<ScanStage> scanned = h.Run();
  REQUIRE_FALSE(scanned.has_value());
  CHECK(scanned.error().kind == ErrorKind::kSafety);
  CHECK(scanned.error().message.find("is empty; refusing to sync") != std::string::npos);
}

TEST_CASE("RunScanStage returns the files in key order with the scanned count") {
  StageHarness h;
  h.dir.WriteFile("a/x.html", "x");
  h.dir.WriteFile("a-b.css", "y");
  const Result<ScanStage> scanned = h.Run();
  REQUIRE(scanned.has_value());
  CHECK(Paths(scanned->scan.files) == std::vector<std::string>{"a-b.css", "a/x.html"});
  CHECK(h.summary.files_scanned == 2);
  CHECK(h.reporter.failed.empty());
}

TEST_CASE("RunScanStage fails an overlong key and keeps the other files") {
  StageHarness h;
  h.options.prefix = std::string(kMaxKeyBytes, 'p');
  h.dir.WriteFile("a.html", "x");
  const Result<ScanStage> scanned = h.Run();
  REQUIRE(scanned.has_value());  // a file was seen: not refused as empty
  CHECK(scanned->scan.files.empty());
  CHECK(h.summary.files_scanned == 1);
  CHECK(h.summary.failed == 1);
}

}  // namespace s3mirror::sync
