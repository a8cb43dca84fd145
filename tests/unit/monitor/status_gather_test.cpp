#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "monitor/status.h"
#include "state/process_identity.h"
#include "state/run_history.h"
#include "state/state_dir.h"
#include "support/temp_dir.h"

using namespace std::chrono_literals;
using s3mirror::monitor::GatherRequest;
using s3mirror::monitor::GatherStatus;
using s3mirror::testing::TempDir;

namespace {

const auto kNow = std::chrono::system_clock::from_time_t(1764081783);

int ExitedPid() {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

void WriteRunning(const TempDir& temp, const std::string& url, int pid, std::uint64_t ticks) {
  s3mirror::state::RunState state;
  state.destination_url = url;
  state.host = s3mirror::state::HostName();
  state.pid = pid;
  state.pid_start_ticks = ticks;
  state.started_at = kNow - 10min;
  state.updated_at = kNow - 9min;
  state.phase = s3mirror::report::Phase::kUploading;
  std::string id = url.substr(5, url.find('/', 5) - 5);
  REQUIRE(s3mirror::state::WriteRunState(s3mirror::state::StateFilePath(temp.path(), id), state));
}

}  // namespace

TEST_CASE("GatherStatus reports a running state whose process is gone as dead") {
  TempDir temp;
  WriteRunning(temp, "s3://killed/site/", ExitedPid(), 0);
  WriteRunning(temp, "s3://live/site/", ::getpid(), s3mirror::state::ProcessStartTicks(::getpid()));
  auto inputs = GatherStatus(GatherRequest{.state_dir = temp.path(), .now = kNow});
  REQUIRE(inputs);
  REQUIRE(inputs->runs.size() == 2);
  CHECK(inputs->runs[0].state.destination_url == "s3://killed/site/");
  CHECK_FALSE(inputs->runs[0].alive);
  CHECK(inputs->runs[1].alive);
  auto report = s3mirror::monitor::AssessStatus(*inputs);
  REQUIRE(report.running);
  CHECK(report.running->pid == ::getpid());
  REQUIRE(report.last_runs.size() == 1);
  CHECK(report.last_runs[0].outcome == "died");
}

TEST_CASE("GatherStatus does not mistake a reused pid for the run") {
  TempDir temp;
  WriteRunning(temp, "s3://b/", ::getpid(), s3mirror::state::ProcessStartTicks(::getpid()) + 7);
  auto inputs = GatherStatus(GatherRequest{.state_dir = temp.path(), .now = kNow});
  REQUIRE(inputs);
  REQUIRE(inputs->runs.size() == 1);
  CHECK_FALSE(inputs->runs[0].alive);
}

TEST_CASE("GatherStatus keeps only the heartbeat bucket's destinations") {
  TempDir temp;
  for (const char* url : {"s3://one/a/", "s3://two/b/"}) {
    s3mirror::state::RunRecord record;
    record.destination_url = url;
    record.started_at = kNow - 1h;
    record.finished_at = kNow - 59min;
    std::string id = s3mirror::state::DestinationId(url + 5, "");
    REQUIRE(s3mirror::state::AppendRunRecord(s3mirror::state::HistoryFilePath(temp.path(), id),
                                             record));
  }
  auto all = GatherStatus(GatherRequest{.state_dir = temp.path(), .now = kNow});
  REQUIRE(all);
  CHECK(all->history.size() == 2);
  auto one = GatherStatus(GatherRequest{.state_dir = temp.path(), .bucket = "two", .now = kNow});
  REQUIRE(one);
  REQUIRE(one->history.size() == 1);
  CHECK(one->history[0].destination_url == "s3://two/b/");
  auto last = s3mirror::monitor::FindLastRun(temp.path(), "one");
  REQUIRE(last);
  CHECK(last->destination_url == "s3://one/a/");
  CHECK_FALSE(s3mirror::monitor::FindLastRun(temp.path(), "three"));
}

TEST_CASE("GatherStatus observes the lock file when asked") {
  TempDir temp;
  temp.WriteFile("job.lock", "");
  auto inputs = GatherStatus(GatherRequest{
      .state_dir = temp.Join("state"), .lock_path = temp.Join("job.lock"), .now = kNow});
  REQUIRE(inputs);
  REQUIRE(inputs->lock);
  CHECK(inputs->lock->path == temp.Join("job.lock"));
  CHECK_FALSE(inputs->lock->info.locked);
  CHECK(inputs->lock->error.empty());
  CHECK(inputs->runs.empty());
}

TEST_CASE("ParseHttpDate reads a Last-Modified header") {
  using s3mirror::monitor::ParseHttpDate;
  CHECK(ParseHttpDate("Tue, 25 Nov 2025 14:43:03 GMT") == kNow);
  CHECK_FALSE(ParseHttpDate("2025-11-25T14:43:03Z"));
  CHECK_FALSE(ParseHttpDate("Tue, 25 Foo 2025 14:43:03 GMT"));
  CHECK_FALSE(ParseHttpDate(""));
}
