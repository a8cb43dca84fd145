// AssessStatus and its helpers: pure functions of the gathered observations (see status.h).
#include "monitor/status.h"

#include <algorithm>

namespace s3mirror::monitor {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

seconds AgeAt(TimePoint now, TimePoint then) {
  return std::max(seconds(0), duration_cast<seconds>(now - then));
}

RunRow RowFromRecord(const state::RunRecord& record) {
  const report::RunSummary& s = record.summary;
  return RunRow{.destination_url = record.destination_url,
                .pid = record.pid,
                .started_at = record.started_at,
                .finished_at = record.finished_at,
                .outcome = report::OutcomeName(s.outcome),
                .duration = s.duration,
                .uploaded = s.uploaded,
                .skipped = s.skipped,
                .deleted = s.deleted,
                .failed = s.failed,
                .bytes_uploaded = s.bytes_uploaded,
                .retries = s.retries,
                .request_counts = record.request_counts_known
                                      ? std::optional<http::RequestCounts>(s.request_counts)
                                      : std::nullopt};
}

// A run whose state file says "running" but whose process is gone: it was killed (SIGKILL, OOM,
// reboot) before it could record its end. Its counts are those of its last state write.
RunRow RowFromDeadRun(const state::RunState& s) {
  return RunRow{.destination_url = s.destination_url,
                .pid = s.pid,
                .started_at = s.started_at,
                .finished_at = std::nullopt,
                .outcome = kOutcomeDied,
                .duration = duration_cast<milliseconds>(s.updated_at - s.started_at),
                .uploaded = s.files_done,
                .skipped = 0,
                .deleted = s.deletes_done,
                .failed = s.failed,
                .bytes_uploaded = s.bytes_done};
}

std::vector<RunRow> AllRows(const StatusInputs& inputs) {
  std::vector<RunRow> rows;
  // History is in append order; walk it newest first so that runs started within the same
  // second (start times have one-second resolution) keep their order through the stable sort.
  for (auto it = inputs.history.rbegin(); it != inputs.history.rend(); ++it) {
    rows.push_back(RowFromRecord(*it));
  }
  for (const ObservedRun& run : inputs.runs) {
    if (!run.state.finished && !run.alive) rows.push_back(RowFromDeadRun(run.state));
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const RunRow& a, const RunRow& b) { return a.started_at > b.started_at; });
  return rows;
}

std::optional<state::RunState> NewestLiveRun(const std::vector<ObservedRun>& runs) {
  std::optional<state::RunState> newest;
  for (const ObservedRun& run : runs) {
    if (run.alive && (!newest || run.state.started_at > newest->started_at)) newest = run.state;
  }
  return newest;
}

// "last run success 3m ago", "last run partial 20m ago (2 failed)", "last run died 1h ago".
std::string LastRunText(const RunRow& row, TimePoint now) {
  std::string text = "last run " + row.outcome + " " +
                     FormatAge(AgeAt(now, row.finished_at.value_or(row.started_at))) + " ago";
  if (row.failed > 0) text += " (" + std::to_string(row.failed) + " failed)";
  return text;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

// The reason parts, in the order people read them: freshness, last run, last success, running.
std::string DescribeReport(const StatusReport& r) {
  std::vector<std::string> parts;
  if (r.heartbeat_age) parts.push_back("heartbeat " + FormatAge(*r.heartbeat_age) + " old");
  if (r.last_run) parts.push_back(LastRunText(*r.last_run, r.now));
  bool last_is_success = r.last_run && r.last_run->outcome == "success";
  if (!r.heartbeat_age && r.success_age && !last_is_success) {
    parts.push_back("last success " + FormatAge(*r.success_age) + " ago");
  }
  if (r.running) parts.push_back("running for " + FormatAge(AgeAt(r.now, r.running->started_at)));
  return Join(parts);
}

// Journals are oldest first and times have whole seconds: reversed first, a stable sort keeps the
// deletions of one second newest first too.
std::vector<state::DeletionRecord> NewestDeletions(std::vector<state::DeletionRecord> all) {
  std::reverse(all.begin(), all.end());
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.deleted_at > b.deleted_at;
  });
  if (all.size() > kLastDeletionsShown) all.resize(kLastDeletionsShown);
  return all;
}

HealthState JudgeFreshness(const StatusReport& r) {
  if (!r.freshness_age) return HealthState::kCritical;  // runs recorded, none succeeded
  if (*r.freshness_age > r.thresholds.critical) return HealthState::kCritical;
  if (*r.freshness_age > r.thresholds.warning) return HealthState::kWarning;
  if (r.last_run && r.last_run->outcome != "success") return HealthState::kWarning;
  return HealthState::kOk;
}

}  // namespace

const char* HealthStateName(HealthState state) {
  switch (state) {
    case HealthState::kOk:
      return "OK";
    case HealthState::kWarning:
      return "WARNING";
    case HealthState::kCritical:
      return "CRITICAL";
    case HealthState::kUnknown:
      return "UNKNOWN";
  }
  return "UNKNOWN";
}

std::string FormatAge(seconds age) {
  auto s = age.count();
  if (s < 120) return std::to_string(s) + "s";
  if (s < 2 * 3600) return std::to_string(s / 60) + "m";
  if (s < 48 * 3600) return std::to_string(s / 3600) + "h";
  return std::to_string(s / 86400) + "d";
}

StatusReport AssessStatus(const StatusInputs& inputs) {
  StatusReport r;
  r.now = inputs.now;
  r.thresholds = inputs.thresholds;
  r.heartbeat = inputs.heartbeat;
  r.lock = inputs.lock;
  r.running = NewestLiveRun(inputs.runs);
  std::vector<RunRow> rows = AllRows(inputs);
  for (const RunRow& row : rows) {
    if (!r.last_run && row.outcome != report::OutcomeName(report::Outcome::kDryRun))
      r.last_run = row;
    if (!r.success_age && row.outcome == "success" && row.finished_at) {
      r.success_age = AgeAt(inputs.now, *row.finished_at);
    }
  }
  if (rows.size() > inputs.history_limit) rows.resize(inputs.history_limit);
  r.last_runs = std::move(rows);
  if (r.heartbeat && r.heartbeat->last_modified) {
    r.heartbeat_age = AgeAt(inputs.now, *r.heartbeat->last_modified);
  }
  r.freshness_age = r.heartbeat ? r.heartbeat_age : r.success_age;
  r.reason = DescribeReport(r);
  r.last_deletions = NewestDeletions(inputs.deletions);
  if (r.heartbeat && !r.heartbeat_age) {
    r.state = HealthState::kUnknown;
    r.reason = "cannot read heartbeat " + r.heartbeat->url + ": " + r.heartbeat->error;
  } else if (!r.heartbeat && !r.last_run) {
    r.state = HealthState::kUnknown;
    r.reason = r.running ? "no finished run yet, " + r.reason
                         : "no runs recorded and no heartbeat URL given";
  } else {
    r.state = JudgeFreshness(r);
    if (!r.freshness_age) r.reason = "no successful run recorded, " + r.reason;
  }
  return r;
}

}  // namespace s3mirror::monitor
