#include "state/request_counts_json.h"

#include <catch2/catch.hpp>

#include "state/run_history.h"
#include "support/run_records.h"

namespace s3mirror::state {

TEST_CASE("A run record keeps its request counts through the history") {
  RunRecord record = testing::FinishedRun(std::chrono::seconds(60), std::chrono::seconds(5));
  http::RequestCounts& c = record.summary.request_counts;
  c.list = 3;
  c.copy = 2;
  c.del = 1;
  c.multipart_abort = 1;
  c.throttled = 4;
  record.summary.requests = c.Total();
  const std::string line = RunRecordToJson(record);
  const nlohmann::json doc = nlohmann::json::parse(line);
  CHECK(doc["request_counts"]["list"] == 3);
  CHECK(doc["request_counts"]["delete"] == 1);
  CHECK(doc["request_counts"]["multipart"] == 1);
  CHECK(doc["requests"] == 7);
  Result<RunRecord> read = RunRecordFromJson(line);
  REQUIRE(read.has_value());
  CHECK(read->summary.request_counts == c);
  CHECK(read->request_counts_known);
}

TEST_CASE("A history line written before the request counts reads as zero counts") {
  RunRecord record = testing::FinishedRun(std::chrono::seconds(60), std::chrono::seconds(5));
  nlohmann::json doc = nlohmann::json::parse(RunRecordToJson(record));
  doc.erase("request_counts");
  Result<RunRecord> read = RunRecordFromJson(doc.dump());
  REQUIRE(read.has_value());
  CHECK(read->summary.request_counts == http::RequestCounts{});
  CHECK_FALSE(read->request_counts_known);
  CHECK(RequestCountsFromJson(nlohmann::json("not an object")) == http::RequestCounts{});
}

}  // namespace s3mirror::state
