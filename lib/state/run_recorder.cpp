#include "state/run_recorder.h"

#include "state/process_identity.h"
#include "state/run_history.h"
#include "state/state_dir.h"

namespace s3mirror::state {
namespace {

constexpr auto kMinWriteInterval = std::chrono::seconds(1);
constexpr auto kRefreshInterval = std::chrono::seconds(5);

}  // namespace

RunRecorder::RunRecorder(RunRecorderOptions options)
    : options_(std::move(options)),
      state_path_(StateFilePath(options_.state_dir, options_.destination_id)),
      history_path_(HistoryFilePath(options_.state_dir, options_.destination_id)) {
  state_.destination_id = options_.destination_id;
  state_.destination_url = options_.destination_url;
  state_.local_dir = options_.local_dir;
  state_.host = options_.host;
  state_.pid = options_.pid;
  state_.pid_start_ticks = ProcessStartTicks(options_.pid);
  state_.started_at = options_.clock->Now();
  {
    std::lock_guard lock(mutex_);
    WriteLocked(/*force=*/true);
  }
  refresh_ = std::jthread([this](std::stop_token stop) { RefreshLoop(stop); });
}

RunRecorder::~RunRecorder() {
  refresh_.request_stop();
  wake_.notify_all();
}

void RunRecorder::RefreshLoop(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested() && !state_.finished) {
    if (wake_.wait_for(lock, stop, kRefreshInterval, [this] { return state_.finished; })) break;
    if (!stop.stop_requested()) WriteLocked(/*force=*/true);
  }
}

void RunRecorder::WriteLocked(bool force) {
  auto now = options_.clock->Steady();
  if (!force && last_write_ && now - *last_write_ < kMinWriteInterval) return;
  last_write_ = now;
  state_.updated_at = options_.clock->Now();
  state_.phase = state_.finished ? report::Phase::kDone : tally_.phase();
  state_.files_scanned = tally_.files_scanned();
  state_.objects_listed = tally_.objects_listed();
  state_.files_done = tally_.files_done();
  state_.files_planned = tally_.planned().uploads;
  state_.bytes_done = tally_.bytes_done();
  state_.bytes_planned = tally_.planned().upload_bytes;
  state_.deletes_done = tally_.deletes_done();
  state_.deletes_planned = tally_.planned().deletes;
  state_.failed = tally_.failed();
  state_.rate_bytes_per_second = tally_.Rate(now);
  auto eta = tally_.Eta(now);
  state_.eta_seconds = eta ? eta->count() : -1;
  Status written = WriteRunState(state_path_, state_);
  if (!written && !write_error_) write_error_ = written.error();
}

void RunRecorder::OnPhase(report::Phase phase) {
  std::lock_guard lock(mutex_);
  tally_.EnterPhase(phase, options_.clock->Steady());
  WriteLocked(/*force=*/true);
}

void RunRecorder::OnScanProgress(std::uint64_t files_scanned) {
  std::lock_guard lock(mutex_);
  tally_.Scanned(files_scanned);
  WriteLocked(false);
}

void RunRecorder::OnListProgress(std::uint64_t objects_listed) {
  std::lock_guard lock(mutex_);
  tally_.Listed(objects_listed);
  WriteLocked(false);
}

void RunRecorder::OnPlanned(const report::PlanTotals& totals) {
  std::lock_guard lock(mutex_);
  tally_.Planned(totals);
  WriteLocked(/*force=*/true);
}

void RunRecorder::OnUploaded(std::string_view /*key*/, std::uint64_t bytes) {
  std::lock_guard lock(mutex_);
  tally_.Uploaded(bytes);
  WriteLocked(false);
}

void RunRecorder::OnBytesSent(std::uint64_t bytes) {
  std::lock_guard lock(mutex_);
  tally_.BytesSent(bytes);
  WriteLocked(false);
}

void RunRecorder::OnDeleted(std::string_view /*key*/) {
  std::lock_guard lock(mutex_);
  tally_.Deleted();
  WriteLocked(false);
}

void RunRecorder::OnFailed(std::string_view /*key*/, const Error& /*error*/) {
  std::lock_guard lock(mutex_);
  tally_.Failed();
  WriteLocked(false);
}

void RunRecorder::OnFinished(const report::RunSummary& summary) {
  std::lock_guard lock(mutex_);
  RunRecord record{.destination_id = state_.destination_id,
                   .destination_url = state_.destination_url,
                   .host = state_.host,
                   .pid = state_.pid,
                   .started_at = state_.started_at,
                   .finished_at = options_.clock->Now(),
                   .summary = summary};
  record.summary.first_errors.clear();
  // History first: a reader that sees a finished state file also finds the run in the history.
  Status appended = AppendRunRecord(history_path_, record);
  if (!appended && !write_error_) write_error_ = appended.error();
  state_.finished = true;
  state_.outcome = report::OutcomeName(summary.outcome);
  WriteLocked(/*force=*/true);
  wake_.notify_all();
}

TimePoint RunRecorder::started_at() const {
  std::lock_guard lock(mutex_);
  return state_.started_at;
}

std::optional<Error> RunRecorder::write_error() const {
  std::lock_guard lock(mutex_);
  return write_error_;
}

}  // namespace s3mirror::state
