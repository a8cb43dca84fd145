// The run-state file <state dir>/<destination id>.state.json: what a sync run is doing now, or what
// the last one did when `finished` is set. Written by RunRecorder, read by `s3mirror status`.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "report/reporter.h"
#include "state/timestamp.h"
#include "util/result.h"

namespace s3mirror::state {

inline constexpr int kRunStateSchemaVersion = 1;

struct RunState {
  std::string destination_id;
  std::string destination_url;  // "s3://bucket/prefix"
  std::string local_dir;
  std::string host;
  int pid = 0;
  std::uint64_t pid_start_ticks = 0;  // state/process_identity.h; 0 unknown
  TimePoint started_at;
  TimePoint updated_at;
  report::Phase phase = report::Phase::kScanning;
  bool finished = false;
  std::string outcome;  // report::OutcomeName when finished, else empty
  std::uint64_t files_scanned = 0;
  std::uint64_t objects_listed = 0;
  std::uint64_t files_done = 0;  // uploaded
  std::uint64_t files_planned = 0;
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_planned = 0;
  std::uint64_t deletes_done = 0;
  std::uint64_t deletes_planned = 0;
  std::uint64_t failed = 0;
  double rate_bytes_per_second = 0;
  std::int64_t eta_seconds = -1;  // -1 unknown
};

std::string RunStateToJson(const RunState& state);
// kInternal naming what is wrong when `text` is not a run-state document.
Result<RunState> RunStateFromJson(std::string_view text);

// Atomic replace, mode 0600. kLocalIo on failure.
Status WriteRunState(const std::string& path, const RunState& state);
// kNotFound when there is no state file, kLocalIo/kInternal when it cannot be read or parsed.
Result<RunState> ReadRunState(const std::string& path);

// Inverse of report::PhaseName / report::OutcomeName; false when `name` is not one.
bool ParsePhaseName(std::string_view name, report::Phase& phase);
bool ParseOutcomeName(std::string_view name, report::Outcome& outcome);

}  // namespace s3mirror::state
