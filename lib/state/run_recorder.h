// RunRecorder: the reporter that keeps the run-state file and the run history.
//   <state_dir>/<id>.state.json     replaced atomically (0600) at start, at each phase change, at
//                                   most once a second on progress, and at least every 5 s while
//                                   the run lasts (a background refresh, so a long single upload
//                                   still shows a fresh updated_at);
//   <state_dir>/<id>.history.jsonl  one line appended at OnFinished (bounded to kHistoryLimit),
//                                   when the state file is also marked finished.
// Events come from the sync engine's thread; the refresh thread only rewrites the state file. A
// failed write does not stop the run: the first error is kept in write_error() for the caller to
// warn about.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "report/progress_reporter.h"
#include "report/reporter.h"
#include "state/run_state.h"
#include "util/clock.h"
#include "util/result.h"

namespace s3mirror::state {

struct RunRecorderOptions {
  std::string state_dir;       // must exist (EnsureStateDir)
  std::string destination_id;  // DestinationId(bucket, prefix)
  std::string destination_url;
  int pid = 0;
  std::string host;
  const Clock* clock = nullptr;  // required; must outlive the recorder
  std::string local_dir;
};

class RunRecorder final : public report::Reporter {
 public:
  explicit RunRecorder(RunRecorderOptions options);  // writes the first state file
  ~RunRecorder() override;                           // stops the refresh thread
  RunRecorder(const RunRecorder&) = delete;
  RunRecorder& operator=(const RunRecorder&) = delete;

  void OnPhase(report::Phase phase) override;
  void OnScanProgress(std::uint64_t files_scanned) override;
  void OnListProgress(std::uint64_t objects_listed) override;
  void OnPlanned(const report::PlanTotals& totals) override;
  void OnUploaded(std::string_view key, std::uint64_t bytes) override;
  void OnBytesSent(std::uint64_t bytes) override;
  void OnDeleted(std::string_view key) override;
  void OnFailed(std::string_view key, const Error& error) override;
  void OnFinished(const report::RunSummary& summary) override;

  // The first error writing the state file or the history; nullopt when all writes succeeded.
  std::optional<Error> write_error() const;
  // When the run started, as in its state file and history record.
  TimePoint started_at() const;

 private:
  void WriteLocked(bool force);  // requires mutex_ held
  void RefreshLoop(std::stop_token stop);

  RunRecorderOptions options_;
  std::string state_path_;
  std::string history_path_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  RunState state_;
  report::ProgressTally tally_;
  std::optional<std::chrono::steady_clock::time_point> last_write_;
  std::optional<Error> write_error_;
  std::jthread refresh_;  // last: started after everything it uses exists
};

}  // namespace s3mirror::state
