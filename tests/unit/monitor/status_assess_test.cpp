#include <catch2/catch.hpp>

#include "monitor/status.h"
#include "support/run_records.h"

using namespace std::chrono_literals;
using s3mirror::monitor::AssessStatus;
using s3mirror::monitor::HealthState;
using s3mirror::monitor::HeartbeatObservation;
using s3mirror::monitor::ObservedRun;
using s3mirror::monitor::StatusInputs;
using s3mirror::report::Outcome;

namespace {

const auto kNow = s3mirror::testing::kStatusNow;
using s3mirror::testing::FinishedRun;

StatusInputs WithHeartbeat(std::chrono::seconds age) {
  StatusInputs inputs;
  inputs.now = kNow;
  inputs.heartbeat =
      HeartbeatObservation{.url = "s3://bucket/hb", .last_modified = kNow - age, .error = {}};
  inputs.history.push_back(FinishedRun(3min, 42s, Outcome::kSuccess));
  return inputs;
}

}  // namespace

TEST_CASE("AssessStatus is OK with a fresh heartbeat and a successful last run") {
  auto report = AssessStatus(WithHeartbeat(5min));
  CHECK(report.state == HealthState::kOk);
  CHECK(report.reason == "heartbeat 5m old, last run success 3m ago");
  CHECK(report.freshness_age == 300s);
}

TEST_CASE("AssessStatus warns when the heartbeat is older than the warning threshold") {
  CHECK(AssessStatus(WithHeartbeat(2h)).state == HealthState::kOk);  // not older: equal
  CHECK(AssessStatus(WithHeartbeat(2h + 1s)).state == HealthState::kWarning);
  CHECK(AssessStatus(WithHeartbeat(24h)).state == HealthState::kWarning);
}

TEST_CASE("AssessStatus is critical when the heartbeat is older than the critical threshold") {
  auto report = AssessStatus(WithHeartbeat(24h + 1s));
  CHECK(report.state == HealthState::kCritical);
  CHECK(report.reason == "heartbeat 24h old, last run success 3m ago");
}

TEST_CASE("AssessStatus uses the thresholds it is given") {
  StatusInputs inputs = WithHeartbeat(11min);
  inputs.thresholds = {.warning = 5min, .critical = 10min};
  CHECK(AssessStatus(inputs).state == HealthState::kCritical);
  inputs.heartbeat->last_modified = kNow - 6min;
  CHECK(AssessStatus(inputs).state == HealthState::kWarning);
}

TEST_CASE("AssessStatus is UNKNOWN when the heartbeat cannot be read") {
  StatusInputs inputs = WithHeartbeat(1min);
  inputs.heartbeat->last_modified.reset();
  inputs.heartbeat->error = "HEAD s3://bucket/hb: 403 AccessDenied";
  auto report = AssessStatus(inputs);
  CHECK(report.state == HealthState::kUnknown);
  CHECK(report.reason ==
        "cannot read heartbeat s3://bucket/hb: HEAD s3://bucket/hb: 403 AccessDenied");
}

TEST_CASE("AssessStatus is UNKNOWN with no runs and no heartbeat") {
  StatusInputs inputs;
  inputs.now = kNow;
  auto report = AssessStatus(inputs);
  CHECK(report.state == HealthState::kUnknown);
  CHECK(report.reason == "no runs recorded and no heartbeat URL given");
}

TEST_CASE("AssessStatus without a heartbeat judges the age of the last success") {
  StatusInputs inputs;
  inputs.now = kNow;
  inputs.history.push_back(FinishedRun(3h, 42s, Outcome::kSuccess));
  CHECK(AssessStatus(inputs).state == HealthState::kWarning);
  inputs.history.push_back(FinishedRun(10min, 42s, Outcome::kSuccess));
  auto report = AssessStatus(inputs);
  CHECK(report.state == HealthState::kOk);
  CHECK(report.reason == "last run success 10m ago");
}

TEST_CASE("AssessStatus warns when the last run failed even if the heartbeat is fresh") {
  StatusInputs inputs = WithHeartbeat(30min);
  inputs.history.push_back(FinishedRun(1min, 42s, Outcome::kPartial));
  inputs.history.back().summary.failed = 2;
  auto report = AssessStatus(inputs);
  CHECK(report.state == HealthState::kWarning);
  CHECK(report.reason == "heartbeat 30m old, last run partial 60s ago (2 failed)");
}

TEST_CASE("AssessStatus ignores dry runs when judging the last run") {
  StatusInputs inputs = WithHeartbeat(5min);
  inputs.history.push_back(FinishedRun(1min, 42s, Outcome::kDryRun));
  auto report = AssessStatus(inputs);
  CHECK(report.state == HealthState::kOk);
  CHECK(report.last_run->outcome == "success");
  CHECK(report.last_runs.front().outcome == "dry-run");
}

TEST_CASE("AssessStatus is critical when runs were recorded but none succeeded") {
  StatusInputs inputs;
  inputs.now = kNow;
  inputs.history.push_back(FinishedRun(5min, 42s, Outcome::kFailed));
  auto report = AssessStatus(inputs);
  CHECK(report.state == HealthState::kCritical);
  CHECK(report.reason == "no successful run recorded, last run failed 5m ago");
}

TEST_CASE("AssessStatus reports a run whose process is gone as died, not running") {
  StatusInputs inputs = WithHeartbeat(5min);
  ObservedRun dead;
  dead.state.pid = 4242;
  dead.state.destination_url = "s3://bucket/site/";
  dead.state.started_at = kNow - 1min;
  dead.state.updated_at = kNow - 50s;
  dead.state.files_done = 7;
  inputs.runs.push_back({dead.state, false});
  auto report = AssessStatus(inputs);
  CHECK_FALSE(report.running);
  REQUIRE(report.last_runs.size() == 2);
  CHECK(report.last_runs[0].outcome == "died");
  CHECK(report.last_runs[0].pid == 4242);
  CHECK(report.last_runs[0].uploaded == 7);
  CHECK(report.last_runs[0].duration == 10s);
  CHECK(report.state == HealthState::kWarning);
}

TEST_CASE("AssessStatus shows the newest live run as running without changing the state") {
  StatusInputs inputs = WithHeartbeat(5min);
  ObservedRun live;
  live.state.pid = 77;
  live.state.started_at = kNow - 12min;
  live.alive = true;
  inputs.runs.push_back(live);
  ObservedRun finished = live;
  finished.state.pid = 76;
  finished.state.finished = true;
  finished.alive = false;
  inputs.runs.push_back(finished);
  auto report = AssessStatus(inputs);
  REQUIRE(report.running);
  CHECK(report.running->pid == 77);
  CHECK(report.state == HealthState::kOk);
  CHECK(report.reason == "heartbeat 5m old, last run success 3m ago, running for 12m");
  CHECK(report.last_runs.size() == 1);  // a finished state file is already in the history
}

TEST_CASE("AssessStatus lists at most history_limit runs, newest first") {
  StatusInputs inputs = WithHeartbeat(5min);
  for (int i = 1; i <= 5; ++i)
    inputs.history.push_back(FinishedRun(i * 1h, 42s, Outcome::kSuccess));
  inputs.history_limit = 3;
  auto report = AssessStatus(inputs);
  REQUIRE(report.last_runs.size() == 3);
  CHECK(report.last_runs[0].finished_at == kNow - 3min);
  CHECK(report.last_runs[1].finished_at == kNow - 1h);
  CHECK(report.last_runs[2].finished_at == kNow - 2h);
}

TEST_CASE("FormatAge rounds down to the largest sensible unit") {
  using s3mirror::monitor::FormatAge;
  CHECK(FormatAge(42s) == "42s");
  CHECK(FormatAge(119s) == "119s");
  CHECK(FormatAge(300s) == "5m");
  CHECK(FormatAge(2h) == "2h");
  CHECK(FormatAge(47h + 59min) == "47h");
  CHECK(FormatAge(72h) == "3d");
}
