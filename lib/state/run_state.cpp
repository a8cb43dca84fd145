#include "state/run_state.h"

#include <nlohmann/json.hpp>

#include "state/json_fields.h"
#include "util/file.h"

namespace s3mirror::state {

using nlohmann::json;

bool ParsePhaseName(std::string_view name, report::Phase& phase) {
  for (report::Phase candidate :
       {report::Phase::kScanning, report::Phase::kListing, report::Phase::kPlanning,
        report::Phase::kUploading, report::Phase::kDeleting, report::Phase::kDone}) {
    if (name == report::PhaseName(candidate)) {
      phase = candidate;
      return true;
    }
  }
  return false;
}

bool ParseOutcomeName(std::string_view name, report::Outcome& outcome) {
  for (report::Outcome candidate :
       {report::Outcome::kSuccess, report::Outcome::kPartial, report::Outcome::kFailed,
        report::Outcome::kRefused, report::Outcome::kInterrupted, report::Outcome::kDryRun}) {
    if (name == report::OutcomeName(candidate)) {
      outcome = candidate;
      return true;
    }
  }
  return false;
}

std::string RunStateToJson(const RunState& s) {
  json doc = {{"schema_version", kRunStateSchemaVersion},
              {"destination_id", s.destination_id},
              {"destination_url", s.destination_url},
              {"local_dir", s.local_dir},
              {"host", s.host},
              {"pid", s.pid},
              {"pid_start_ticks", s.pid_start_ticks},
              {"started_at", FormatUtcIso(s.started_at)},
              {"updated_at", FormatUtcIso(s.updated_at)},
              {"phase", report::PhaseName(s.phase)},
              {"finished", s.finished},
              {"outcome", s.outcome},
              {"files_scanned", s.files_scanned},
              {"objects_listed", s.objects_listed},
              {"files_done", s.files_done},
              {"files_planned", s.files_planned},
              {"bytes_done", s.bytes_done},
              {"bytes_planned", s.bytes_planned},
              {"deletes_done", s.deletes_done},
              {"deletes_planned", s.deletes_planned},
              {"failed", s.failed},
              {"rate_bytes_per_second", s.rate_bytes_per_second},
              {"eta_seconds", s.eta_seconds}};
  return JsonDump(doc, 2) + "\n";
}

Result<RunState> RunStateFromJson(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Fail(ErrorKind::kInternal, "not a JSON object");
  RunState s;
  auto started = ParseUtcIso(JsonString(doc, "started_at"));
  if (JsonInt(doc, "pid", 0) <= 0 || !started) {
    return Fail(ErrorKind::kInternal, "no pid or started_at");
  }
  s.destination_id = JsonString(doc, "destination_id");
  s.destination_url = JsonString(doc, "destination_url");
  s.local_dir = JsonString(doc, "local_dir");
  s.host = JsonString(doc, "host");
  s.pid = static_cast<int>(JsonInt(doc, "pid", 0));
  s.pid_start_ticks = JsonUint(doc, "pid_start_ticks");
  s.started_at = *started;
  s.updated_at = ParseUtcIso(JsonString(doc, "updated_at")).value_or(*started);
  ParsePhaseName(JsonString(doc, "phase"), s.phase);
  s.finished = JsonBool(doc, "finished");
  s.outcome = JsonString(doc, "outcome");
  s.files_scanned = JsonUint(doc, "files_scanned");
  s.objects_listed = JsonUint(doc, "objects_listed");
  s.files_done = JsonUint(doc, "files_done");
  s.files_planned = JsonUint(doc, "files_planned");
  s.bytes_done = JsonUint(doc, "bytes_done");
  s.bytes_planned = JsonUint(doc, "bytes_planned");
  s.deletes_done = JsonUint(doc, "deletes_done");
  s.deletes_planned = JsonUint(doc, "deletes_planned");
  s.failed = JsonUint(doc, "failed");
  s.rate_bytes_per_second = JsonDouble(doc, "rate_bytes_per_second");
  s.eta_seconds = JsonInt(doc, "eta_seconds", -1);
  return s;
}

Status WriteRunState(const std::string& path, const RunState& state) {
  return WriteFileAtomic(path, RunStateToJson(state), 0600);
}

Result<RunState> ReadRunState(const std::string& path) {
  Result<std::optional<std::string>> text = ReadFileIfExists(path);
  if (!text) return Fail(text.error());
  if (!*text) return Fail(ErrorKind::kNotFound, "no run-state file " + path);
  Result<RunState> state = RunStateFromJson(**text);
  if (!state)
    return Fail(ErrorKind::kInternal, path + " is not a run-state file: " + state.error().message);
  return state;
}

}  // namespace s3mirror::state
