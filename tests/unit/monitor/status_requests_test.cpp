// `status` shows the request counts of the runs it lists.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "monitor/status_format.h"
#include "support/run_records.h"

namespace s3mirror::monitor {
namespace {

using namespace std::chrono_literals;

StatusInputs WithCountedRun() {
  StatusInputs inputs;
  inputs.now = testing::kStatusNow;
  state::RunRecord record = testing::FinishedRun(3min, 42s);
  record.summary.request_counts.list = 2;
  record.summary.request_counts.put = 123;
  record.summary.request_counts.throttled = 5;
  record.summary.requests = 125;
  record.summary.retries = 5;
  inputs.history.push_back(record);
  return inputs;
}

}  // namespace

TEST_CASE("FormatStatusJson gives each finished run its requests, retries and counts by type") {
  auto doc = nlohmann::json::parse(FormatStatusJson(AssessStatus(WithCountedRun())));
  const nlohmann::json& run = doc["last_runs"][0];
  CHECK(run["requests"] == 125);
  CHECK(run["retries"] == 5);
  CHECK(run["request_counts"]["put"] == 123);
  CHECK(run["request_counts"]["list"] == 2);
  CHECK(run["request_counts"]["throttled"] == 5);
  CHECK(run["request_counts"]["multipart"] == 0);
}

TEST_CASE("FormatStatusJson writes null request counts for a run that died") {
  StatusInputs inputs;
  inputs.now = testing::kStatusNow;
  ObservedRun dead;
  dead.alive = false;
  dead.state.destination_url = "s3://bucket/site/";
  dead.state.started_at = inputs.now - 10min;
  dead.state.updated_at = inputs.now - 9min;
  inputs.runs.push_back(dead);
  auto doc = nlohmann::json::parse(FormatStatusJson(AssessStatus(inputs)));
  REQUIRE(doc["last_runs"].size() == 1);
  CHECK(doc["last_runs"][0]["outcome"] == "died");
  CHECK(doc["last_runs"][0]["requests"].is_null());
  CHECK(doc["last_runs"][0]["retries"].is_null());
  CHECK(doc["last_runs"][0]["request_counts"].is_null());
}

TEST_CASE("FormatStatusJson writes null request counts for a run recorded without them") {
  StatusInputs inputs = WithCountedRun();
  inputs.history[0].request_counts_known = false;
  auto doc = nlohmann::json::parse(FormatStatusJson(AssessStatus(inputs)));
  CHECK(doc["last_runs"][0]["requests"].is_null());
  CHECK(doc["last_runs"][0]["request_counts"].is_null());
  CHECK_THAT(FormatStatusText(AssessStatus(inputs)), !Catch::Contains("requests"));
}

TEST_CASE("FormatStatusText ends with the last run's requests") {
  CHECK_THAT(FormatStatusText(AssessStatus(WithCountedRun())),
             Catch::EndsWith("Last run's requests 125: LIST 2, GET 0, HEAD 0, PUT 123, COPY 0, "
                             "DELETE 0, multipart 0 (create 0, part 0, complete 0, abort 0), "
                             "other 0; retries 5, 503/SlowDown 5, other 5xx 0, network errors "
                             "0\n"));
}

}  // namespace s3mirror::monitor
