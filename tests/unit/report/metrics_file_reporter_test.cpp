#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <cstdlib>
#include <map>
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
// (Hand-written rather than std::regex: GCC 12 warns inside <regex> under the sanitizer build.)
bool IsNameChar(char c, bool first) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':' ||
         (!first && std::isdigit(static_cast<unsigned char>(c)));
}

// Consumes a metric or label name at `pos`; false when there is none.
bool ReadName(const std::string& line, std::size_t& pos, std::string& name) {
  std::size_t start = pos;
  while (pos < line.size() && IsNameChar(line[pos], pos == start)) ++pos;
  name = line.substr(start, pos - start);
  return !name.empty();
}

// Consumes {name="value",...} at `pos` (values escape only \\, \" and \n).
bool ReadLabels(const std::string& line, std::size_t& pos) {
  if (pos >= line.size() || line[pos] != '{') return true;
  ++pos;
  std::string name;
  while (pos < line.size() && line[pos] != '}') {
    if (!ReadName(line, pos, name) || line.compare(pos, 2, "=\"") != 0) return false;
    for (pos += 2; pos < line.size() && line[pos] != '"'; ++pos) {
      if (line[pos] == '\\' &&
          (++pos >= line.size() || std::string("\\\"n").find(line[pos]) == std::string::npos))
        return false;
    }
    if (pos++ >= line.size()) return false;
    if (pos < line.size() && line[pos] == ',') ++pos;
  }
  return pos++ < line.size();
}

std::map<std::string, double> ParsePrometheus(const std::string& text) {
  const std::set<std::string> kTypes = {"counter", "gauge", "histogram", "summary", "untyped"};
  std::map<std::string, double> samples;
  std::set<std::string> typed;
  std::istringstream lines(text);
  std::string line, name;
  while (std::getline(lines, line)) {
    INFO("line: " << line);
    std::size_t pos = 0;
    if (line.rfind("# HELP ", 0) == 0) {
      pos = 7;
      REQUIRE((ReadName(line, pos, name) && pos < line.size() && line[pos] == ' '));
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      pos = 7;
      REQUIRE((ReadName(line, pos, name) && pos < line.size() && line[pos] == ' '));
      REQUIRE(kTypes.count(line.substr(pos + 1)) == 1);
      typed.insert(name);
      continue;
    }
    REQUIRE(ReadName(line, pos, name));
    CHECK(typed.count(name) == 1);
    REQUIRE(ReadLabels(line, pos));
    REQUIRE((pos < line.size() && line[pos] == ' '));
    std::string value = line.substr(pos + 1);
    char* end = nullptr;
    double number = std::strtod(value.c_str(), &end);
    REQUIRE((!value.empty() && *end == '\0'));
    samples[line.substr(0, pos)] = number;
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
  CHECK(samples.size() == 23);  // 8 run samples, 11 request types, retries, 3 error answers
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
