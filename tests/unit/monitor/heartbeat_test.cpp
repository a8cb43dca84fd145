#include <catch2/catch.hpp>

#include "monitor/heartbeat.h"

using namespace std::chrono_literals;
using s3mirror::monitor::HeartbeatBody;
using s3mirror::monitor::HeartbeatInfo;

TEST_CASE("HeartbeatBody has the UTC time and the host") {
  HeartbeatInfo info{.time = std::chrono::system_clock::from_time_t(1764081783),
                     .host = "web1",
                     .last_run = std::nullopt};
  CHECK(HeartbeatBody(info) == "s3mirror heartbeat\ntime: 2025-11-25T14:43:03Z\nhost: web1\n");
}

TEST_CASE("HeartbeatBody summarises the last run when one is known") {
  s3mirror::report::RunSummary run;
  run.files_scanned = 5000;
  run.uploaded = 12;
  run.skipped = 4988;
  run.bytes_uploaded = 1258291;
  run.duration = 3400ms;
  HeartbeatInfo info{
      .time = std::chrono::system_clock::from_time_t(1764081783), .host = "web1", .last_run = run};
  CHECK(HeartbeatBody(info) ==
        "s3mirror heartbeat\ntime: 2025-11-25T14:43:03Z\nhost: web1\nlast_run: success\n"
        "last_run_summary: scanned 5000, uploaded 12, skipped 4988, deleted 0, failed 0, bytes "
        "1258291, duration 3.4s\n");
}
