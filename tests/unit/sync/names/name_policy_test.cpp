#include <catch2/catch.hpp>

#include "sync/names/name_policy.h"

namespace s3mirror::sync {
namespace {

struct RecordingReporter final : report::Reporter {
  std::vector<std::string> warnings, awkward, failed;
  void OnWarning(std::string_view message) override { warnings.emplace_back(message); }
  void OnAwkwardName(std::string_view path, std::string_view issues) override {
    awkward.push_back(std::string(path) + " | " + std::string(issues));
  }
  void OnFailed(std::string_view key, const Error& error) override {
    failed.push_back(std::string(key) + ": " + error.message);
  }
};

std::vector<LocalFile> Files(std::initializer_list<const char*> paths) {
  std::vector<LocalFile> files;
  for (const char* path : paths) files.push_back({.path = path});
  return files;
}

std::vector<std::string> Paths(const std::vector<LocalFile>& files) {
  std::vector<std::string> paths;
  for (const LocalFile& file : files) paths.push_back(file.path);
  return paths;
}

TEST_CASE("FormatAwkwardWarnings writes one line per issue with the count and escaped examples") {
  const auto files = Files({"A.html", "a.html", "b.html ", "c\td.html ", "ok.html"});
  const auto lines = FormatAwkwardWarnings(LintKeys(files), files, AwkwardNamePolicy::kUpload);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] ==
        "awkward names: trailing space: 2 paths (uploaded): \"b.html \", "
        "\"c\\x09d.html \"");
  CHECK(lines[1] == "awkward names: control character: 1 path (uploaded): \"c\\x09d.html \"");
  CHECK(lines[2] == "awkward names: case twin: 2 paths (uploaded): \"A.html\" = \"a.html\"");
}

TEST_CASE("FormatAwkwardWarnings names a few examples and says how many more -v lists") {
  const auto files = Files({"1#", "2#", "3#", "4#", "5#", "A", "B", "C", "D", "a", "b", "c", "d"});
  const auto lines = FormatAwkwardWarnings(LintKeys(files), files, AwkwardNamePolicy::kSkip);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] ==
        "awkward names: '#': 5 paths (skipped): \"1#\", \"2#\", \"3#\" and 2 more (-v lists them)");
  CHECK(lines[1] ==
        "awkward names: case twin: 8 paths (skipped): \"A\" = \"a\", \"B\" = \"b\", "
        "\"C\" = \"c\" and 1 more group (-v lists them)");
}

TEST_CASE("FormatAwkwardWarnings shows Unicode twins byte by byte") {
  const auto files = Files({"caf\x65\xCC\x81", "caf\xC3\xA9"});
  const auto lines = FormatAwkwardWarnings(LintKeys(files), files, AwkwardNamePolicy::kFail);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] ==
        "awkward names: Unicode twin: 2 paths (not uploaded, failed): "
        "\"cafe\\xCC\\x81\" = \"caf\\xC3\\xA9\"");
}

TEST_CASE("ApplyAwkwardNamePolicy upload keeps every file, warns and reports each path") {
  auto files = Files({"A.html", "a #.html", "a.html", "ok.html"});
  RecordingReporter reporter;
  report::RunSummary summary;
  const auto outcome = ApplyAwkwardNamePolicy(files, AwkwardNamePolicy::kUpload, reporter, summary);
  CHECK(files.size() == 4);
  CHECK(outcome.left_out == 0);
  CHECK_FALSE(outcome.kept.Keeps("a #.html"));
  CHECK(reporter.warnings.size() == 2);
  CHECK(reporter.awkward ==
        std::vector<std::string>{"A.html | case twin", "a #.html | '#'", "a.html | case twin"});
  CHECK(summary.failed == 0);
}

TEST_CASE("ApplyAwkwardNamePolicy skip leaves the flagged files out and keeps their keys") {
  auto files = Files({"A.html", "a #.html", "a.html", "ok.html"});
  RecordingReporter reporter;
  report::RunSummary summary;
  const auto outcome = ApplyAwkwardNamePolicy(files, AwkwardNamePolicy::kSkip, reporter, summary);
  CHECK(Paths(files) == std::vector<std::string>{"ok.html"});
  CHECK(outcome.left_out == 3);
  CHECK(outcome.kept.Keeps("A.html"));
  CHECK(outcome.kept.Keeps("a.html"));
  CHECK(outcome.kept.Keeps("gone #.html"));  // any key with a per-name issue
  CHECK_FALSE(outcome.kept.Keeps("ok.html"));
  CHECK_FALSE(outcome.kept.Keeps("B.html"));
  CHECK(reporter.failed.empty());
  CHECK(summary.failed == 0);
}

TEST_CASE("ApplyAwkwardNamePolicy skip with nothing flagged still keeps remote awkward keys") {
  auto files = Files({"ok.html"});
  RecordingReporter reporter;
  report::RunSummary summary;
  const auto outcome = ApplyAwkwardNamePolicy(files, AwkwardNamePolicy::kSkip, reporter, summary);
  CHECK(files.size() == 1);
  CHECK(reporter.warnings.empty());
  CHECK(outcome.kept.Keeps("old?.html"));
  CHECK_FALSE(outcome.kept.Keeps("old.html"));
}

TEST_CASE("ApplyAwkwardNamePolicy fail reports each flagged file as failed") {
  auto files = Files({"a\\b.html", "ok.html", "z.html "});
  RecordingReporter reporter;
  report::RunSummary summary;
  const auto outcome = ApplyAwkwardNamePolicy(files, AwkwardNamePolicy::kFail, reporter, summary);
  CHECK(Paths(files) == std::vector<std::string>{"ok.html"});
  CHECK(summary.failed == 2);
  REQUIRE(reporter.failed.size() == 2);
  CHECK(reporter.failed[0] ==
        "a\\b.html: awkward name (backslash); not uploaded "
        "(--awkward-names fail)");
  CHECK(summary.first_errors.size() == 2);
  CHECK(outcome.kept.Keeps("z.html "));
}

}  // namespace
}  // namespace s3mirror::sync
