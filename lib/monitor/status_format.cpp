#include "monitor/status_format.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>

#include "state/json_fields.h"
#include "state/request_counts_json.h"
#include "state/timestamp.h"
#include "util/units.h"

namespace s3mirror::monitor {
namespace {

using nlohmann::json;
using std::chrono::duration_cast;
using std::chrono::seconds;

std::string LocalTime(TimePoint time) {
  std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm local{};
  ::localtime_r(&t, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
  return text;
}

seconds Since(TimePoint now, TimePoint then) {
  return std::max(seconds(0), duration_cast<seconds>(now - then));
}

std::string Padded(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string RunningText(const state::RunState& run, TimePoint now) {
  std::string text = "Running: pid " + std::to_string(run.pid) + " on " + run.host + ", since " +
                     LocalTime(run.started_at) + " (for " + FormatAge(Since(now, run.started_at)) +
                     ")\n";
  text += "  " + run.destination_url + " from " + run.local_dir + ", phase " +
          report::PhaseName(run.phase) + "\n";
  text += "  files " + std::to_string(run.files_done) + " of " + std::to_string(run.files_planned) +
          ", " + FormatBytes(run.bytes_done) + " of " + FormatBytes(run.bytes_planned);
  if (run.rate_bytes_per_second > 0) {
    text += ", " + FormatBytes(static_cast<std::uint64_t>(run.rate_bytes_per_second)) + "/s";
  }
  if (run.eta_seconds >= 0) text += ", ETA " + FormatDuration(seconds(run.eta_seconds));
  if (run.failed > 0) text += ", " + std::to_string(run.failed) + " failed";
  return text + " (updated " + FormatAge(Since(now, run.updated_at)) + " ago)\n";
}

std::string LockText(const LockObservation& lock) {
  if (!lock.error.empty()) return "Lock " + lock.path + ": " + lock.error + "\n";
  if (!lock.info.locked) return "Lock " + lock.path + ": not held\n";
  if (lock.info.holder_pid <= 0) return "Lock " + lock.path + ": held (pid unknown)\n";
  return "Lock " + lock.path + ": held by pid " + std::to_string(lock.info.holder_pid) + "\n";
}

std::string HeartbeatText(const StatusReport& report) {
  const HeartbeatObservation& hb = *report.heartbeat;
  if (!hb.last_modified) return "Heartbeat " + hb.url + ": cannot read: " + hb.error + "\n";
  return "Heartbeat " + hb.url + ": " + FormatAge(*report.heartbeat_age) + " old (written " +
         LocalTime(*hb.last_modified) + ")\n";
}

std::string RunTable(const std::vector<RunRow>& rows) {
  std::set<std::string> destinations;
  for (const RunRow& row : rows) destinations.insert(row.destination_url);
  bool show_destination = destinations.size() > 1;
  std::string text =
      rows.size() == 1 ? "Last run:\n" : "Last " + std::to_string(rows.size()) + " runs:\n";
  text += "  START                OUTCOME      DURATION  UPLOADED  FAILED  BYTES" +
          std::string(show_destination ? "       DESTINATION" : "") + "\n";
  for (const RunRow& row : rows) {
    std::string line =
        "  " + Padded(LocalTime(row.started_at), 21) + Padded(row.outcome, 13) +
        Padded(FormatDuration(row.duration), 10) + Padded(std::to_string(row.uploaded), 10) +
        Padded(std::to_string(row.failed), 8) + Padded(FormatBytes(row.bytes_uploaded), 12);
    if (show_destination) line += row.destination_url;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  return text;
}

// The newest deletions, newest first: time, key, size and ETag; the destination when several.
std::string DeletionsText(const std::vector<state::DeletionRecord>& records) {
  std::set<std::string> destinations;
  for (const auto& record : records) destinations.insert(record.destination_url);
  std::string text = "Last deletions:\n";
  for (const state::DeletionRecord& record : records) {
    text += "  " + LocalTime(record.deleted_at) + "  " + record.key + "  " +
            FormatBytes(record.size) + "  " + record.etag;
    if (destinations.size() > 1) text += "  " + record.destination_url;
    text += "\n";
  }
  return text;
}

json DeletionsJson(const std::vector<state::DeletionRecord>& records) {
  json out = json::array();
  for (const state::DeletionRecord& r : records) {
    out.push_back({{"key", r.key},
                   {"size", r.size},
                   {"etag", r.etag},
                   {"deleted_at", state::FormatUtcIso(r.deleted_at)},
                   {"destination", r.destination_url},
                   {"run_pid", r.run_pid},
                   {"run_started_at", state::FormatUtcIso(r.run_started_at)}});
  }
  return out;
}

json RunningJson(const state::RunState& run, TimePoint now) {
  return json{{"pid", run.pid},
              {"host", run.host},
              {"destination", run.destination_url},
              {"local_dir", run.local_dir},
              {"started_at", state::FormatUtcIso(run.started_at)},
              {"updated_at", state::FormatUtcIso(run.updated_at)},
              {"running_seconds", Since(now, run.started_at).count()},
              {"phase", report::PhaseName(run.phase)},
              {"files_done", run.files_done},
              {"files_planned", run.files_planned},
              {"bytes_done", run.bytes_done},
              {"bytes_planned", run.bytes_planned},
              {"deletes_done", run.deletes_done},
              {"deletes_planned", run.deletes_planned},
              {"failed", run.failed},
              {"rate_bytes_per_second", run.rate_bytes_per_second},
              {"eta_seconds", run.eta_seconds >= 0 ? json(run.eta_seconds) : json(nullptr)}};
}

// The request counts of a run, null when not recorded (a run that died, an older history line).
json RequestsJson(const RunRow& row) {
  return row.request_counts ? json(row.request_counts->Total()) : json(nullptr);
}

json RetriesJson(const RunRow& row) {
  return row.request_counts ? json(row.retries) : json(nullptr);
}

json RequestCountsJson(const RunRow& row) {
  return row.request_counts ? state::RequestCountsToJson(*row.request_counts) : json(nullptr);
}

json RunRowJson(const RunRow& row) {
  return json{{"destination", row.destination_url},
              {"pid", row.pid},
              {"started_at", state::FormatUtcIso(row.started_at)},
              {"finished_at",
               row.finished_at ? json(state::FormatUtcIso(*row.finished_at)) : json(nullptr)},
              {"outcome", row.outcome},
              {"duration_seconds", std::chrono::duration<double>(row.duration).count()},
              {"uploaded", row.uploaded},
              {"skipped", row.skipped},
              {"deleted", row.deleted},
              {"failed", row.failed},
              {"bytes_uploaded", row.bytes_uploaded},
              {"requests", RequestsJson(row)},
              {"retries", RetriesJson(row)},
              {"request_counts", RequestCountsJson(row)}};
}

json HeartbeatJson(const StatusReport& report) {
  const HeartbeatObservation& hb = *report.heartbeat;
  return json{
      {"url", hb.url},
      {"last_modified",
       hb.last_modified ? json(state::FormatUtcIso(*hb.last_modified)) : json(nullptr)},
      {"age_seconds", report.heartbeat_age ? json(report.heartbeat_age->count()) : json(nullptr)},
      {"error", hb.error.empty() ? json(nullptr) : json(hb.error)}};
}

json LockJson(const LockObservation& lock) {
  return json{{"path", lock.path},
              {"locked", lock.info.locked},
              {"holder_pid", lock.info.holder_pid > 0 ? json(lock.info.holder_pid) : json(nullptr)},
              {"error", lock.error.empty() ? json(nullptr) : json(lock.error)}};
}

// Nagios plugin output must stay on one line and '|' starts the perfdata.
std::string NagiosSafe(std::string text) {
  for (char& c : text) {
    if (c == '|') c = '/';
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

// Perfdata: label=value[UOM];warn;crit, space separated.
std::string NagiosPerfdata(const StatusReport& report) {
  std::vector<std::string> items;
  if (report.freshness_age) {
    items.push_back("age=" + std::to_string(report.freshness_age->count()) + "s;" +
                    std::to_string(report.thresholds.warning.count()) + ";" +
                    std::to_string(report.thresholds.critical.count()));
  }
  if (report.last_run) {
    auto ms = report.last_run->duration.count();
    items.push_back("duration=" + std::to_string((ms + 500) / 1000) + "s");
    items.push_back("files=" + std::to_string(report.last_run->uploaded));
  }
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : " ") + item;
  return out;
}

}  // namespace

std::string Sparkline(const std::vector<std::chrono::milliseconds>& durations) {
  static constexpr const char* kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  std::chrono::milliseconds::rep max = 0;
  for (auto d : durations) max = std::max(max, d.count());
  std::string out;
  for (auto d : durations) {
    // level = round(7 * d / max), so the longest run is a full block and a zero is the lowest.
    auto level =
        max > 0 ? (std::max<std::chrono::milliseconds::rep>(d.count(), 0) * 7 + max / 2) / max : 0;
    out += kBlocks[std::min<std::chrono::milliseconds::rep>(level, 7)];
  }
  return out;
}

std::string FormatStatusText(const StatusReport& report) {
  std::string text = std::string(HealthStateName(report.state)) + ": " + report.reason + "\n";
  text += report.running ? RunningText(*report.running, report.now) : "Not running.\n";
  if (report.lock) text += LockText(*report.lock);
  if (report.heartbeat) text += HeartbeatText(report);
  if (!report.last_deletions.empty()) text += DeletionsText(report.last_deletions);
  if (report.last_runs.empty()) return text + "No runs recorded.\n";
  text += RunTable(report.last_runs);
  std::vector<std::chrono::milliseconds> durations;
  for (auto it = report.last_runs.rbegin(); it != report.last_runs.rend(); ++it) {
    durations.push_back(it->duration);
  }
  text += "Durations, oldest to newest: " + Sparkline(durations) + "\n";
  if (report.last_run && report.last_run->request_counts) {
    text += "Last run's " +
            report::FormatRequestLine(*report.last_run->request_counts, report.last_run->retries) +
            "\n";
  }
  return text;
}

std::string FormatStatusJson(const StatusReport& report) {
  json runs = json::array();
  for (const RunRow& row : report.last_runs) runs.push_back(RunRowJson(row));
  json doc = {
      {"schema_version", kStatusSchemaVersion},
      {"now", state::FormatUtcIso(report.now)},
      {"state", HealthStateName(report.state)},
      {"summary", report.reason},
      {"thresholds",
       {{"warning_seconds", report.thresholds.warning.count()},
        {"critical_seconds", report.thresholds.critical.count()}}},
      {"running", report.running ? RunningJson(*report.running, report.now) : json(nullptr)},
      {"last_runs", runs},
      {"heartbeat", report.heartbeat ? HeartbeatJson(report) : json(nullptr)},
      {"lock", report.lock ? LockJson(*report.lock) : json(nullptr)},
      {"last_deletions", DeletionsJson(report.last_deletions)}};
  return state::JsonDump(doc, 2) + "\n";
}

std::string FormatStatusNagios(const StatusReport& report) {
  std::string line =
      std::string("S3MIRROR ") + HealthStateName(report.state) + " - " + NagiosSafe(report.reason);
  std::string perfdata = NagiosPerfdata(report);
  if (!perfdata.empty()) line += " | " + perfdata;
  return line + "\n";
}

}  // namespace s3mirror::monitor
