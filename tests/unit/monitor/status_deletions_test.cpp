#include <catch2/catch.hpp>

#include "monitor/status.h"
#include "monitor/status_format.h"
#include "support/run_records.h"

namespace s3mirror::monitor {
namespace {

using namespace std::chrono_literals;

state::DeletionRecord Deleted(std::string key, std::chrono::seconds ago, std::string url) {
  return state::DeletionRecord{.key = std::move(key),
                               .size = 1234,
                               .etag = "0123456789abcdef0123456789abcdef",
                               .deleted_at = testing::kStatusNow - ago,
                               .destination_url = std::move(url),
                               .run_pid = 7,
                               .run_started_at = testing::kStatusNow - 1h};
}

}  // namespace

TEST_CASE("AssessStatus shows the newest deletions of every journal, newest first") {
  StatusInputs inputs;
  inputs.now = testing::kStatusNow;
  // One journal, oldest first, two deletions in the same second; then another destination's.
  inputs.deletions = {Deleted("a", 60s, "s3://b/x/"), Deleted("b", 10s, "s3://b/x/"),
                      Deleted("c", 10s, "s3://b/x/"), Deleted("d", 30s, "s3://b/y/")};
  for (int i = 0; i < 12; ++i) inputs.deletions.push_back(Deleted("old", 1h, "s3://b/y/"));
  const StatusReport report = AssessStatus(inputs);
  REQUIRE(report.last_deletions.size() == kLastDeletionsShown);
  CHECK(report.last_deletions[0].key == "c");
  CHECK(report.last_deletions[1].key == "b");
  CHECK(report.last_deletions[2].key == "d");
  CHECK(report.last_deletions[3].key == "a");
  const std::string text = FormatStatusText(report);
  CHECK(text.find("Last deletions:\n") != std::string::npos);
  CHECK(text.find("  c  1.2 KiB  0123456789abcdef0123456789abcdef  s3://b/x/\n") !=
        std::string::npos);
  const std::string json = FormatStatusJson(report);
  CHECK(json.find("\"last_deletions\": [") != std::string::npos);
  CHECK(json.find("\"run_pid\": 7") != std::string::npos);
}

TEST_CASE("Status without deletions has an empty list and no text block") {
  StatusInputs inputs;
  inputs.now = testing::kStatusNow;
  const StatusReport report = AssessStatus(inputs);
  CHECK(report.last_deletions.empty());
  CHECK(FormatStatusText(report).find("Last deletions") == std::string::npos);
  CHECK(FormatStatusJson(report).find("\"last_deletions\": []") != std::string::npos);
}

}  // namespace s3mirror::monitor
