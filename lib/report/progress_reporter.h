// ProgressReporter: the live progress line on a terminal, redrawn in place ("\r...\x1b[K") at most
// about four times a second, e.g.
//   uploading 120/500 files, 1.2 MiB/40.0 MiB, 300.0 KiB/s, ETA 2m10s
// It never writes a newline; OnFinished clears the line so the summary starts on a clean one.
// ProgressTally is the counting behind it, shared with the run-state file (state/run_recorder.h).
// Not thread-safe: events arrive on the sync engine's thread (report/reporter.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "report/logger.h"
#include "report/reporter.h"
#include "util/clock.h"

namespace s3mirror::report {

// Counts of a run in progress. Bytes of a multipart upload count as its parts finish
// (OnBytesSent); bytes_done() never goes down and never exceeds the planned bytes once known.
class ProgressTally {
 public:
  void EnterPhase(report::Phase phase, std::chrono::steady_clock::time_point now);
  void Scanned(std::uint64_t files) { files_scanned_ = files; }
  void Listed(std::uint64_t objects) { objects_listed_ = objects; }
  void Planned(const PlanTotals& totals) { planned_ = totals; }
  void Uploaded(std::uint64_t bytes);
  void BytesSent(std::uint64_t bytes);
  void Deleted() { ++deletes_done_; }
  void Failed() { ++failed_; }

  report::Phase phase() const { return phase_; }
  const PlanTotals& planned() const { return planned_; }
  std::uint64_t files_scanned() const { return files_scanned_; }
  std::uint64_t objects_listed() const { return objects_listed_; }
  std::uint64_t files_done() const { return files_done_; }
  std::uint64_t bytes_done() const { return bytes_done_; }
  std::uint64_t deletes_done() const { return deletes_done_; }
  std::uint64_t failed() const { return failed_; }
  // Average upload rate since the uploading phase began; 0 before it or in its first second.
  double Rate(std::chrono::steady_clock::time_point now) const;
  // Time left at that rate; nullopt when the rate is unknown.
  std::optional<std::chrono::seconds> Eta(std::chrono::steady_clock::time_point now) const;

 private:
  void Raise();

  report::Phase phase_ = report::Phase::kScanning;
  std::optional<std::chrono::steady_clock::time_point> upload_start_;
  PlanTotals planned_;
  std::uint64_t files_scanned_ = 0;
  std::uint64_t objects_listed_ = 0;
  std::uint64_t files_done_ = 0;
  std::uint64_t completed_bytes_ = 0;
  std::uint64_t part_bytes_ = 0;  // parts of uploads not yet completed (approximate)
  std::uint64_t bytes_done_ = 0;
  std::uint64_t deletes_done_ = 0;
  std::uint64_t failed_ = 0;
};

// The text of the progress line (without "\r" and the erase sequence). Pure.
std::string FormatProgressLine(const ProgressTally& tally,
                               std::chrono::steady_clock::time_point now);

class ProgressReporter final : public Reporter {
 public:
  // `out` (usually stderr) and `clock` must outlive the reporter; `logger` may be null. Registers
  // with logger->set_around_line so log lines clear and redraw the progress line.
  ProgressReporter(std::FILE* out, const Clock& clock, Logger* logger);
  ~ProgressReporter() override;
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  void OnPhase(report::Phase phase) override;
  void OnScanProgress(std::uint64_t files_scanned) override;
  void OnListProgress(std::uint64_t objects_listed) override;
  void OnPlanned(const PlanTotals& totals) override;
  void OnUploaded(std::string_view key, std::uint64_t bytes) override;
  void OnBytesSent(std::uint64_t bytes) override;
  void OnDeleted(std::string_view key) override;
  void OnFailed(std::string_view key, const Error& error) override;
  void OnFinished(const RunSummary& summary) override;

 private:
  static void ClearCallback(void* self);
  static void RedrawCallback(void* self);
  void MaybeDraw(bool force);
  void Draw();
  void Clear();

  std::FILE* out_;
  const Clock& clock_;
  Logger* logger_;
  ProgressTally tally_;
  std::optional<std::chrono::steady_clock::time_point> last_draw_;
  bool shown_ = false;
  bool finished_ = false;
};

}  // namespace s3mirror::report
