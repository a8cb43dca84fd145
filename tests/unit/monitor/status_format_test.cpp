#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "monitor/status_format.h"
#include "support/run_records.h"

using namespace std::chrono_literals;
using s3mirror::monitor::AssessStatus;
using s3mirror::monitor::FormatStatusJson;
using s3mirror::monitor::FormatStatusNagios;
using s3mirror::monitor::FormatStatusText;
using s3mirror::monitor::HeartbeatObservation;
using s3mirror::monitor::StatusInputs;
using s3mirror::report::Outcome;

namespace {

const auto kNow = s3mirror::testing::kStatusNow;
using s3mirror::testing::FinishedRun;

StatusInputs Healthy() {
  StatusInputs inputs;
  inputs.now = kNow;
  inputs.heartbeat =
      HeartbeatObservation{.url = "s3://bucket/hb", .last_modified = kNow - 5min, .error = {}};
  inputs.history.push_back(FinishedRun(3min, 42s));
  return inputs;
}

s3mirror::monitor::ObservedRun Running() {
  s3mirror::monitor::ObservedRun run;
  run.alive = true;
  run.state.pid = 31337;
  run.state.host = "web1";
  run.state.destination_url = "s3://bucket/site/";
  run.state.local_dir = "/srv/www";
  run.state.started_at = kNow - 12min;
  run.state.updated_at = kNow - 2s;
  run.state.phase = s3mirror::report::Phase::kUploading;
  run.state.files_done = 120;
  run.state.files_planned = 500;
  run.state.bytes_done = 1258291;
  run.state.bytes_planned = 41943040;
  run.state.rate_bytes_per_second = 307200;
  run.state.eta_seconds = 130;
  return run;
}

}  // namespace

TEST_CASE("FormatStatusNagios writes the state, the reason and perfdata on one line") {
  CHECK(FormatStatusNagios(AssessStatus(Healthy())) ==
        "S3MIRROR OK - heartbeat 5m old, last run success 3m ago | age=300s;7200;86400 "
        "duration=42s files=123\n");
}

TEST_CASE("FormatStatusNagios reports an unreadable heartbeat as one UNKNOWN line") {
  StatusInputs inputs = Healthy();
  inputs.heartbeat->last_modified.reset();
  inputs.heartbeat->error = "HEAD s3://bucket/hb: connection refused\n| at 127.0.0.1:9";
  std::string line = FormatStatusNagios(AssessStatus(inputs));
  CHECK(line ==
        "S3MIRROR UNKNOWN - cannot read heartbeat s3://bucket/hb: HEAD s3://bucket/hb: connection "
        "refused / at 127.0.0.1:9 | duration=42s files=123\n");
}

TEST_CASE("FormatStatusNagios puts the thresholds in the age perfdata") {
  StatusInputs inputs = Healthy();
  inputs.heartbeat->last_modified = kNow - 3h;
  inputs.thresholds = {.warning = 1h, .critical = 2h};
  CHECK(FormatStatusNagios(AssessStatus(inputs)) ==
        "S3MIRROR CRITICAL - heartbeat 3h old, last run success 3m ago | age=10800s;3600;7200 "
        "duration=42s files=123\n");
}

TEST_CASE("FormatStatusText shows the running run's pid, phase, progress and ETA") {
  StatusInputs inputs = Healthy();
  inputs.runs.push_back(Running());
  std::string text = FormatStatusText(AssessStatus(inputs));
  CHECK(text.rfind("OK: heartbeat 5m old", 0) == 0);
  CHECK_THAT(text, Catch::Contains("Running: pid 31337 on web1, since "));
  CHECK_THAT(text, Catch::Contains("(for 12m)"));
  CHECK_THAT(text, Catch::Contains("phase uploading"));
  CHECK_THAT(text,
             Catch::Contains("files 120 of 500, 1.2 MiB of 40.0 MiB, 300.0 KiB/s, ETA 2m10s"));
  CHECK_THAT(text, Catch::Contains("Heartbeat s3://bucket/hb: 5m old"));
}

TEST_CASE("FormatStatusText lists the last runs and a sparkline of their durations") {
  StatusInputs inputs = Healthy();
  inputs.history.push_back(FinishedRun(2h, 84s, Outcome::kPartial));
  inputs.history.back().summary.failed = 3;
  std::string text = FormatStatusText(AssessStatus(inputs));
  CHECK_THAT(text, Catch::Contains("Not running."));
  CHECK_THAT(text, Catch::Contains("Last 2 runs:"));
  CHECK_THAT(text, Catch::Contains("success      42.0s     123       0       1.2 MiB\n"));
  CHECK_THAT(text, Catch::Contains("partial      1m24s     123       3       1.2 MiB\n"));
  CHECK_THAT(text, Catch::Contains("Durations, oldest to newest: █▅\n"));
}

TEST_CASE("FormatStatusText says who holds the lock") {
  StatusInputs inputs = Healthy();
  inputs.lock = s3mirror::monitor::LockObservation{
      .path = "/var/run/job.lock", .info = {.locked = true, .holder_pid = 4321}, .error = {}};
  CHECK_THAT(FormatStatusText(AssessStatus(inputs)),
             Catch::Contains("Lock /var/run/job.lock: held by pid 4321\n"));
}

TEST_CASE("FormatStatusJson has the documented keys") {
  StatusInputs inputs = Healthy();
  inputs.runs.push_back(Running());
  inputs.lock = s3mirror::monitor::LockObservation{
      .path = "/var/run/job.lock", .info = {.locked = true, .holder_pid = 0}, .error = {}};
  auto doc = nlohmann::json::parse(FormatStatusJson(AssessStatus(inputs)));
  CHECK(doc["schema_version"] == 1);
  CHECK(doc["now"] == "2025-11-25T14:43:03Z");
  CHECK(doc["state"] == "OK");
  CHECK(doc["running"]["pid"] == 31337);
  CHECK(doc["running"]["phase"] == "uploading");
  CHECK(doc["running"]["eta_seconds"] == 130);
  CHECK(doc["running"]["started_at"] == "2025-11-25T14:31:03Z");
  REQUIRE(doc["last_runs"].size() == 1);
  CHECK(doc["last_runs"][0]["outcome"] == "success");
  CHECK(doc["last_runs"][0]["duration_seconds"] == 42.0);
  CHECK(doc["last_runs"][0]["uploaded"] == 123);
  CHECK(doc["heartbeat"]["url"] == "s3://bucket/hb");
  CHECK(doc["heartbeat"]["last_modified"] == "2025-11-25T14:38:03Z");
  CHECK(doc["heartbeat"]["age_seconds"] == 300);
  CHECK(doc["lock"]["path"] == "/var/run/job.lock");
  CHECK(doc["lock"]["locked"] == true);
  CHECK(doc["lock"]["holder_pid"].is_null());
}

TEST_CASE("FormatStatusJson writes null for what was not asked or is unknown") {
  StatusInputs inputs;
  inputs.now = kNow;
  auto doc = nlohmann::json::parse(FormatStatusJson(AssessStatus(inputs)));
  CHECK(doc["state"] == "UNKNOWN");
  CHECK(doc["running"].is_null());
  CHECK(doc["heartbeat"].is_null());
  CHECK(doc["lock"].is_null());
  CHECK(doc["last_runs"].is_array());
  CHECK(doc["last_runs"].empty());
}

TEST_CASE("Sparkline scales durations to the longest") {
  using s3mirror::monitor::Sparkline;
  CHECK(Sparkline({}).empty());
  CHECK(Sparkline({0ms, 1000ms, 2000ms, 4000ms, 7000ms}) == "▁▂▃▅█");
  CHECK(Sparkline({5s, 5s}) == "██");
}
