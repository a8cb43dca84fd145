#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "state/process_identity.h"
#include "state/run_history.h"
#include "state/run_recorder.h"
#include "state/run_state.h"
#include "state/state_dir.h"
#include "support/temp_dir.h"

using namespace std::chrono_literals;
using s3mirror::report::Outcome;
using s3mirror::report::Phase;
using s3mirror::report::PlanTotals;
using s3mirror::report::RunSummary;
using s3mirror::state::RunRecorder;
using s3mirror::state::RunRecorderOptions;
using s3mirror::testing::ReadFileOrDie;
using s3mirror::testing::TempDir;

namespace {

class FakeClock final : public s3mirror::Clock {
 public:
  std::chrono::system_clock::time_point Now() const override { return now_; }
  std::chrono::steady_clock::time_point Steady() const override { return steady_; }
  void Advance(std::chrono::milliseconds d) {
    now_ += d;
    steady_ += d;
  }

 private:
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::from_time_t(1764081783);
  std::chrono::steady_clock::time_point steady_{};
};

RunRecorderOptions Options(const TempDir& temp, const FakeClock& clock) {
  return RunRecorderOptions{.state_dir = temp.path(),
                            .destination_id = "bucket_site_-0000abcd",
                            .destination_url = "s3://bucket/site/",
                            .pid = ::getpid(),
                            .host = "web1",
                            .clock = &clock,
                            .local_dir = "/srv/www"};
}

nlohmann::json ReadJson(const std::string& path) {
  return nlohmann::json::parse(ReadFileOrDie(path));  // throws (fails the test) when invalid
}

std::size_t FilesIn(const std::string& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir),
                                                std::filesystem::directory_iterator()));
}

}  // namespace

TEST_CASE("RunRecorder writes a JSON state file with pid, phase, progress and ETA") {
  TempDir temp;
  FakeClock clock;
  RunRecorder recorder(Options(temp, clock));
  std::string path = s3mirror::state::StateFilePath(temp.path(), "bucket_site_-0000abcd");
  CHECK(ReadJson(path)["phase"] == "scanning");
  recorder.OnPlanned(PlanTotals{.files_scanned = 10,
                                .remote_objects = 5,
                                .uploads = 4,
                                .upload_bytes = 4000,
                                .deletes = 1,
                                .skipped = 6,
                                .excluded = 0});
  recorder.OnPhase(Phase::kUploading);
  clock.Advance(10s);
  recorder.OnUploaded("a.html", 1000);
  nlohmann::json doc = ReadJson(path);
  CHECK(doc["schema_version"] == 1);
  CHECK(doc["pid"] == ::getpid());
  CHECK(doc["pid_start_ticks"] == s3mirror::state::ProcessStartTicks(::getpid()));
  CHECK(doc["host"] == "web1");
  CHECK(doc["destination_url"] == "s3://bucket/site/");
  CHECK(doc["started_at"] == "2025-11-25T14:43:03Z");
  CHECK(doc["updated_at"] == "2025-11-25T14:43:13Z");
  CHECK(doc["phase"] == "uploading");
  CHECK(doc["finished"] == false);
  CHECK(doc["files_done"] == 1);
  CHECK(doc["files_planned"] == 4);
  CHECK(doc["bytes_done"] == 1000);
  CHECK(doc["bytes_planned"] == 4000);
  CHECK(doc["rate_bytes_per_second"] == 100.0);
  CHECK(doc["eta_seconds"] == 30);  // 3000 bytes left at 100 B/s
  CHECK(recorder.write_error() == std::nullopt);
}

TEST_CASE("RunRecorder rewrites the state file at most once a second on progress") {
  TempDir temp;
  FakeClock clock;
  RunRecorder recorder(Options(temp, clock));
  std::string path = s3mirror::state::StateFilePath(temp.path(), "bucket_site_-0000abcd");
  recorder.OnPhase(Phase::kUploading);  // a phase change is always written
  recorder.OnUploaded("a", 10);
  CHECK(ReadJson(path)["files_done"] == 0);
  clock.Advance(999ms);
  recorder.OnUploaded("b", 10);
  CHECK(ReadJson(path)["files_done"] == 0);
  clock.Advance(1ms);
  recorder.OnUploaded("c", 10);
  CHECK(ReadJson(path)["files_done"] == 3);
}

TEST_CASE("RunRecorder appends the finished run to the history and marks the state finished") {
  TempDir temp;
  FakeClock clock;
  std::string id = "bucket_site_-0000abcd";
  {
    RunRecorder recorder(Options(temp, clock));
    recorder.OnPhase(Phase::kUploading);
    recorder.OnUploaded("a.html", 500);
    clock.Advance(42s);
    RunSummary summary;
    summary.files_scanned = 9;
    summary.uploaded = 1;
    summary.skipped = 8;
    summary.bytes_uploaded = 500;
    summary.duration = 42s;
    summary.outcome = Outcome::kSuccess;
    summary.first_errors = {"x: y"};
    recorder.OnFinished(summary);
  }
  nlohmann::json state = ReadJson(s3mirror::state::StateFilePath(temp.path(), id));
  CHECK(state["finished"] == true);
  CHECK(state["phase"] == "done");
  CHECK(state["outcome"] == "success");
  auto history = s3mirror::state::ReadRunHistory(s3mirror::state::HistoryFilePath(temp.path(), id));
  REQUIRE(history);
  REQUIRE(history->size() == 1);
  const auto& record = history->front();
  CHECK(record.destination_url == "s3://bucket/site/");
  CHECK(record.pid == ::getpid());
  CHECK(record.finished_at - record.started_at == 42s);
  CHECK(record.summary.uploaded == 1);
  CHECK(record.summary.skipped == 8);
  CHECK(record.summary.bytes_uploaded == 500);
  CHECK(record.summary.duration == 42s);
  CHECK(record.summary.outcome == Outcome::kSuccess);
  CHECK(FilesIn(temp.path()) == 2);  // no temporary files left behind
}

TEST_CASE("RunRecorder state and history files are private to the user") {
  TempDir temp;
  FakeClock clock;
  RunRecorder recorder(Options(temp, clock));
  recorder.OnFinished(RunSummary{});
  for (const std::string& path :
       {s3mirror::state::StateFilePath(temp.path(), "bucket_site_-0000abcd"),
        s3mirror::state::HistoryFilePath(temp.path(), "bucket_site_-0000abcd")}) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
}

TEST_CASE("AppendRunRecord keeps only the newest runs") {
  TempDir temp;
  std::string path = temp.Join("d.history.jsonl");
  auto start = std::chrono::system_clock::from_time_t(1764000000);
  for (int i = 0; i < 7; ++i) {
    s3mirror::state::RunRecord record;
    record.destination_url = "s3://b/";
    record.started_at = start + std::chrono::hours(i);
    record.finished_at = record.started_at + 1min;
    record.summary.uploaded = static_cast<std::uint64_t>(i);
    REQUIRE(s3mirror::state::AppendRunRecord(path, record, 3));
  }
  std::string text = ReadFileOrDie(path);
  CHECK(std::count(text.begin(), text.end(), '\n') == 3);
  auto history = s3mirror::state::ReadRunHistory(path);
  REQUIRE(history);
  REQUIRE(history->size() == 3);
  CHECK((*history)[0].summary.uploaded == 4);
  CHECK((*history)[2].summary.uploaded == 6);
}

TEST_CASE("ReadRunHistory skips a line that does not parse") {
  TempDir temp;
  s3mirror::state::RunRecord record;
  record.summary.outcome = Outcome::kPartial;
  temp.WriteFile("h.jsonl", "{not json\n" + s3mirror::state::RunRecordToJson(record) + "\n");
  auto history = s3mirror::state::ReadRunHistory(temp.Join("h.jsonl"));
  REQUIRE(history);
  REQUIRE(history->size() == 1);
  CHECK(history->front().summary.outcome == Outcome::kPartial);
}

TEST_CASE("RunStateFromJson reads back what RunStateToJson wrote") {
  s3mirror::state::RunState state;
  state.pid = 1234;
  state.pid_start_ticks = 987654321;
  state.started_at = std::chrono::system_clock::from_time_t(1764081783);
  state.updated_at = state.started_at + 5s;
  state.phase = Phase::kDeleting;
  state.bytes_planned = 1ull << 40;
  state.eta_seconds = -1;
  auto parsed = s3mirror::state::RunStateFromJson(s3mirror::state::RunStateToJson(state));
  REQUIRE(parsed);
  CHECK(parsed->pid == 1234);
  CHECK(parsed->pid_start_ticks == 987654321);
  CHECK(parsed->updated_at == state.updated_at);
  CHECK(parsed->phase == Phase::kDeleting);
  CHECK(parsed->bytes_planned == 1ull << 40);
  CHECK(parsed->eta_seconds == -1);
  CHECK_FALSE(s3mirror::state::RunStateFromJson("[1,2]"));
  CHECK_FALSE(s3mirror::state::RunStateFromJson("{\"pid\": 5}"));
}
