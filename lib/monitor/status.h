// `s3mirror status`: "is it running, did it work, is the mirror fresh?"
//   GatherStatus (I/O): reads the state dir's run-state files and histories, checks whether a
//     running run's process still exists, inspects the lock file and HEADs the heartbeat object.
//   AssessStatus (pure): those observations and `now` -> a StatusReport with a Nagios state.
// Assessment rules, in order:
//   UNKNOWN   a heartbeat URL was given but its Last-Modified cannot be read; or there is nothing
//             to judge (no heartbeat URL, no finished run).
//   CRITICAL  the freshness age is above `critical` (default 24h), or runs were recorded but none
//             succeeded and no heartbeat URL was given.
//   WARNING   the freshness age is above `warning` (default 2h); or the last run (dry runs aside)
//             did not succeed: partial, failed, refused, interrupted, or died (its process is gone
//             without finishing, e.g. after SIGKILL).
//   OK        otherwise.
// The freshness age is the heartbeat object's age when a heartbeat URL is given (it is written
// only after good runs, possibly from another host), else the time since the last successful run
// finished. A run in progress changes nothing: a stuck run shows as a stale heartbeat.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "s3/client.h"
#include "state/deletion_journal.h"
#include "state/lock_file.h"
#include "state/run_history.h"
#include "state/run_state.h"
#include "util/result.h"

namespace s3mirror::monitor {

using TimePoint = std::chrono::system_clock::time_point;

// The values are the Nagios plugin exit codes.
enum class HealthState { kOk = 0, kWarning = 1, kCritical = 2, kUnknown = 3 };
const char* HealthStateName(HealthState state);  // "OK", "WARNING", "CRITICAL", "UNKNOWN"

struct StatusThresholds {
  std::chrono::seconds warning = std::chrono::hours(2);
  std::chrono::seconds critical = std::chrono::hours(24);
};

struct ObservedRun {
  state::RunState state;
  bool alive = false;  // not finished and its process still exists
};

struct HeartbeatObservation {
  std::string url{};
  std::optional<TimePoint> last_modified{};  // nullopt when it could not be read
  std::string error{};                       // why not; empty when read
};

struct LockObservation {
  std::string path{};
  state::LockInfo info{};
  std::string error{};  // empty when inspected
};

// How many of the newest deletions `status` shows (text and JSON).
inline constexpr std::size_t kLastDeletionsShown = 10;

struct StatusInputs {
  TimePoint now;
  std::vector<ObservedRun> runs;          // one per run-state file
  std::vector<state::RunRecord> history;  // finished runs, any destination, any order
  std::optional<HeartbeatObservation> heartbeat;
  std::optional<LockObservation> lock;
  StatusThresholds thresholds;
  std::size_t history_limit = 10;
  std::vector<state::DeletionRecord> deletions{};  // from the deletion journals, any order
};

// One row of the run table: a finished run from the history, or a run that died.
struct RunRow {
  std::string destination_url;
  int pid = 0;
  TimePoint started_at;
  std::optional<TimePoint> finished_at;  // nullopt for a run that died
  std::string outcome;                   // report::OutcomeName, or "died"
  std::chrono::milliseconds duration{0};
  std::uint64_t uploaded = 0;
  std::uint64_t skipped = 0;
  std::uint64_t deleted = 0;
  std::uint64_t failed = 0;
  std::uint64_t bytes_uploaded = 0;
  std::uint64_t retries = 0;
  // nullopt for a run that died or was recorded before the counts were kept
  std::optional<http::RequestCounts> request_counts{};
};

inline constexpr const char* kOutcomeDied = "died";

struct StatusReport {
  TimePoint now;
  HealthState state = HealthState::kUnknown;
  std::string reason;  // "heartbeat 5m old, last run success 3m ago"
  StatusThresholds thresholds;
  std::optional<state::RunState> running;  // the newest live run
  std::vector<RunRow> last_runs;           // newest first, at most history_limit
  std::optional<RunRow> last_run;          // the newest row that is not a dry run
  std::optional<HeartbeatObservation> heartbeat;
  std::optional<std::chrono::seconds> heartbeat_age;
  std::optional<std::chrono::seconds> success_age;    // since the last successful run finished
  std::optional<std::chrono::seconds> freshness_age;  // the age compared with the thresholds
  std::optional<LockObservation> lock;
  std::vector<state::DeletionRecord> last_deletions;  // newest first, at most kLastDeletionsShown
};

StatusReport AssessStatus(const StatusInputs& inputs);

// A compact age for people and the Nagios line: "42s", "5m", "3h", "2d" (rounded down; minutes
// below 2h, hours below 48h).
std::string FormatAge(std::chrono::seconds age);

struct GatherRequest {
  std::string state_dir{};
  std::string bucket{};          // non-empty: only destinations in this bucket
  std::string lock_path{};       // empty: no lock observation
  std::string heartbeat_url{};   // "s3://bucket/key"; empty: no heartbeat observation
  std::string heartbeat_key{};   // the key part of heartbeat_url
  s3::Client* client = nullptr;  // required when heartbeat_url is set
  TimePoint now{};
  StatusThresholds thresholds{};
  std::size_t history_limit = 10;
};

// Reads what AssessStatus needs. Unreadable state files, lock and heartbeat become observations
// (with an error text), not failures; kLocalIo only when the state dir exists but cannot be listed.
Result<StatusInputs> GatherStatus(const GatherRequest& request);

// The newest finished run, dry runs aside, of the destinations in `bucket` (all when empty) in
// `state_dir`; nullopt when none is recorded or the state dir cannot be read.
std::optional<state::RunRecord> FindLastRun(const std::string& state_dir,
                                            const std::string& bucket);

// "Wed, 25 Nov 2026 14:43:03 GMT" (RFC 7231 IMF-fixdate, as in Last-Modified). Pure.
std::optional<TimePoint> ParseHttpDate(std::string_view text);

}  // namespace s3mirror::monitor
