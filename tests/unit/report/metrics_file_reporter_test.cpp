#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "report/metrics_file_reporter.h"
#include "support/temp_dir.h"

using namespace std::chrono_literals;
using s3mirror::report::MetricsFileReporter;
using s3mirror::report::RunSummary;
using s3mirror::testing::TempDir;

namespace {

class FakeClock final : public s3mirror::Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::from_time_t(1764081783) + 250ms;
  }
  std::chrono::steady_clock::time_point Steady() const override { return {}; }
};

// A small checker of the Prometheus text exposition format: every line is "# HELP name text",
// "# TYPE name type", or "name{label="value",...} number"; every sample's metric has a TYPE line
// before it. Returns the samples keyed by "name{labels}"; fails the test on a bad line.
std::map<std::string, double> ParsePrometheus(const std::string& text) {
  static const std::regex kHelp(R"(# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*)");
  static const std::regex kType(
      R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped))");
  static const std::regex kSample(
      R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\["\\n])*",?)*\})? (-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?))");
  std::map<std::string, double> samples;
  std::set<std::string> typed;
  std::istringstream lines(text);
  std::string line;
  std::smatch match;
  while (std::getline(lines, line)) {
    INFO("line: " << line);
    if (std::regex_match(line, kHelp)) continue;
    if (std::regex_match(line, match, kType)) {
      typed.insert(match[1]);
      continue;
    }
    REQUIRE(std::regex_match(line, match, kSample));
    CHECK(typed.count(match[1]) == 1);
    std::string value = match[5];
    samples[line.substr(0, line.rfind(' '))] = std::stod(value);
  }
  CHECK(text.back() == '\n');
  return samples;
}

}  // namespace

TEST_CASE("MetricsFileReporter writes the run in the Prometheus text format") {
  TempDir temp;
  FakeClock clock;
  MetricsFileReporter reporter(temp.Join("s3mirror.prom"), "s3://bucket/site/", clock);
  RunSummary summary;
  summary.uploaded = 12;
  summary.skipped = 4988;
  summary.deleted = 2;
  summary.failed = 1;
  summary.bytes_uploaded = 1258291;
  summary.duration = 3400ms;
  summary.outcome = s3mirror::report::Outcome::kPartial;
  reporter.OnFinished(summary);
  CHECK_FALSE(reporter.write_error());
  auto samples = ParsePrometheus(s3mirror::testing::ReadFileOrDie(temp.Join("s3mirror.prom")));
  const std::string d = "destination=\"s3://bucket/site/\"";
  CHECK(samples.size() == 8);
  CHECK(samples.at("s3mirror_last_run_timestamp_seconds{" + d + "}") == 1764081783.25);
  CHECK(samples.at("s3mirror_last_run_success{" + d + "}") == 0);
  CHECK(samples.at("s3mirror_last_run_duration_seconds{" + d + "}") == 3.4);
  CHECK(samples.at("s3mirror_last_run_files{" + d + ",result=\"uploaded\"}") == 12);
  CHECK(samples.at("s3mirror_last_run_files{" + d + ",result=\"skipped\"}") == 4988);
  CHECK(samples.at("s3mirror_last_run_files{" + d + ",result=\"deleted\"}") == 2);
  CHECK(samples.at("s3mirror_last_run_files{" + d + ",result=\"failed\"}") == 1);
  CHECK(samples.at("s3mirror_last_run_bytes_uploaded{" + d + "}") == 1258291);
  struct stat st {};
  REQUIRE(::stat(temp.Join("s3mirror.prom").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);  // node_exporter runs as another user
}

TEST_CASE("FormatPrometheusMetrics escapes the destination label") {
  RunSummary summary;
  std::string text = s3mirror::report::FormatPrometheusMetrics(
      "s3://b/we\"ird\\pre\nfix/", summary, std::chrono::system_clock::from_time_t(0));
  auto samples = ParsePrometheus(text);
  CHECK(samples.at(R"(s3mirror_last_run_success{destination="s3://b/we\"ird\\pre\nfix/"})") == 1);
}

TEST_CASE("MetricsFileReporter keeps the error when the file cannot be written") {
  TempDir temp;
  FakeClock clock;
  MetricsFileReporter reporter(temp.Join("missing-dir/s3mirror.prom"), "s3://b/", clock);
  reporter.OnFinished(RunSummary{});
  REQUIRE(reporter.write_error());
  CHECK(reporter.write_error()->kind == s3mirror::ErrorKind::kLocalIo);
}
