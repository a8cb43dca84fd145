// GatherStatus: the I/O half of `s3mirror status` (see status.h).
#include <cstdio>
#include <cstring>
#include <ctime>

#include "monitor/status.h"
#include "s3/endpoint.h"
#include "state/process_identity.h"
#include "state/state_dir.h"

namespace s3mirror::monitor {
namespace {

bool InBucket(const std::string& destination_url, const std::string& bucket) {
  if (bucket.empty()) return true;
  Result<s3::S3Url> url = s3::ParseS3Url(destination_url);
  return url && url->bucket == bucket;
}

// A run is alive while its process exists. The pid can only be checked on the host that wrote the
// state file; a state file from another host (a shared state dir) is taken at its word.
bool IsAlive(const state::RunState& run, const std::string& this_host) {
  if (run.finished) return false;
  if (run.host != this_host) return true;
  return state::ProcessAlive(run.pid, run.pid_start_ticks);
}

void ReadDestination(const GatherRequest& request, const std::string& id,
                     const std::string& this_host, StatusInputs& inputs) {
  // Unreadable files are skipped: status reports what it can (a torn file cannot happen, they are
  // replaced atomically; a file from a future version may not parse).
  Result<state::RunState> run = state::ReadRunState(state::StateFilePath(request.state_dir, id));
  if (run && InBucket(run->destination_url, request.bucket)) {
    bool alive = IsAlive(*run, this_host);
    inputs.runs.push_back(ObservedRun{std::move(*run), alive});
  }
  Result<std::vector<state::DeletionRecord>> deletions = state::ReadLastDeletions(
      state::DeletionJournalPath(request.state_dir, id), kLastDeletionsShown);
  if (deletions) {
    for (state::DeletionRecord& record : *deletions) {
      if (InBucket(record.destination_url, request.bucket))
        inputs.deletions.push_back(std::move(record));
    }
  }
  Result<std::vector<state::RunRecord>> history =
      state::ReadRunHistory(state::HistoryFilePath(request.state_dir, id));
  if (!history) return;
  for (state::RunRecord& record : *history) {
    if (InBucket(record.destination_url, request.bucket))
      inputs.history.push_back(std::move(record));
  }
}

LockObservation ObserveLock(const std::string& path) {
  LockObservation observation{.path = path, .info = {}, .error = {}};
  Result<state::LockInfo> info = state::InspectLock(path);
  if (info)
    observation.info = *info;
  else
    observation.error = info.error().message;
  return observation;
}

HeartbeatObservation ObserveHeartbeat(const GatherRequest& request) {
  HeartbeatObservation observation{.url = request.heartbeat_url, .last_modified = {}, .error = {}};
  if (request.client == nullptr) {
    observation.error = "no S3 client";
    return observation;
  }
  Result<s3::ObjectInfo> head = request.client->HeadObject(request.heartbeat_key);
  if (!head) {
    observation.error = head.error().message;
    return observation;
  }
  observation.last_modified = ParseHttpDate(head->last_modified);
  if (!observation.last_modified) {
    observation.error = "unreadable Last-Modified \"" + head->last_modified + "\"";
  }
  return observation;
}

}  // namespace

std::optional<TimePoint> ParseHttpDate(std::string_view text) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string copy(text);
  char weekday[4] = {}, month[4] = {}, zone[4] = {};
  std::tm utc{};
  int n = std::sscanf(copy.c_str(), "%3s, %d %3s %d %d:%d:%d %3s", weekday, &utc.tm_mday, month,
                      &utc.tm_year, &utc.tm_hour, &utc.tm_min, &utc.tm_sec, zone);
  if (n != 8 || std::strcmp(zone, "GMT") != 0) return std::nullopt;
  utc.tm_mon = -1;
  for (int i = 0; i < 12; ++i) {
    if (std::strcmp(month, kMonths[i]) == 0) utc.tm_mon = i;
  }
  if (utc.tm_mon < 0) return std::nullopt;
  utc.tm_year -= 1900;
  std::time_t seconds = ::timegm(&utc);
  if (seconds == static_cast<std::time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(seconds);
}

std::optional<state::RunRecord> FindLastRun(const std::string& state_dir,
                                            const std::string& bucket) {
  Result<std::vector<std::string>> ids = state::ListDestinationIds(state_dir);
  if (!ids) return std::nullopt;
  std::optional<state::RunRecord> last;
  for (const std::string& id : *ids) {
    Result<std::vector<state::RunRecord>> history =
        state::ReadRunHistory(state::HistoryFilePath(state_dir, id));
    if (!history) continue;
    for (state::RunRecord& record : *history) {
      if (!InBucket(record.destination_url, bucket)) continue;
      if (record.summary.outcome == report::Outcome::kDryRun) continue;
      if (!last || record.finished_at > last->finished_at) last = std::move(record);
    }
  }
  return last;
}

Result<StatusInputs> GatherStatus(const GatherRequest& request) {
  StatusInputs inputs;
  inputs.now = request.now;
  inputs.thresholds = request.thresholds;
  inputs.history_limit = request.history_limit;
  Result<std::vector<std::string>> ids = state::ListDestinationIds(request.state_dir);
  if (!ids) return Fail(ids.error());
  std::string this_host = state::HostName();
  for (const std::string& id : *ids) ReadDestination(request, id, this_host, inputs);
  if (!request.lock_path.empty()) inputs.lock = ObserveLock(request.lock_path);
  if (!request.heartbeat_url.empty()) inputs.heartbeat = ObserveHeartbeat(request);
  return inputs;
}

}  // namespace s3mirror::monitor
