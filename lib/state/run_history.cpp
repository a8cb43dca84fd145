#include "state/run_history.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "state/json_fields.h"
#include "state/request_counts_json.h"
#include "state/run_state.h"
#include "util/file.h"

namespace s3mirror::state {
namespace {

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

}  // namespace

using nlohmann::json;

std::string RunRecordToJson(const RunRecord& r) {
  const report::RunSummary& s = r.summary;
  json doc = {{"schema_version", kRunStateSchemaVersion},
              {"destination_id", r.destination_id},
              {"destination_url", r.destination_url},
              {"host", r.host},
              {"pid", r.pid},
              {"started_at", FormatUtcIso(r.started_at)},
              {"finished_at", FormatUtcIso(r.finished_at)},
              {"duration_ms", s.duration.count()},
              {"outcome", report::OutcomeName(s.outcome)},
              {"exit_code", s.exit_code},
              {"files_scanned", s.files_scanned},
              {"uploaded", s.uploaded},
              {"skipped", s.skipped},
              {"deleted", s.deleted},
              {"failed", s.failed},
              {"bytes_uploaded", s.bytes_uploaded},
              {"requests", s.requests},
              {"retries", s.retries},
              {"request_counts", RequestCountsToJson(s.request_counts)}};
  return JsonDump(doc);
}

Result<RunRecord> RunRecordFromJson(std::string_view line) {
  json doc = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Fail(ErrorKind::kInternal, "not a JSON object");
  auto started = ParseUtcIso(JsonString(doc, "started_at"));
  auto finished = ParseUtcIso(JsonString(doc, "finished_at"));
  RunRecord r;
  if (!started || !finished || !ParseOutcomeName(JsonString(doc, "outcome"), r.summary.outcome)) {
    return Fail(ErrorKind::kInternal, "no started_at, finished_at or outcome");
  }
  r.destination_id = JsonString(doc, "destination_id");
  r.destination_url = JsonString(doc, "destination_url");
  r.host = JsonString(doc, "host");
  r.pid = static_cast<int>(JsonInt(doc, "pid", 0));
  r.started_at = *started;
  r.finished_at = *finished;
  report::RunSummary& s = r.summary;
  s.duration = std::chrono::milliseconds(JsonInt(doc, "duration_ms", 0));
  s.exit_code = static_cast<int>(JsonInt(doc, "exit_code", 0));
  s.files_scanned = JsonUint(doc, "files_scanned");
  s.uploaded = JsonUint(doc, "uploaded");
  s.skipped = JsonUint(doc, "skipped");
  s.deleted = JsonUint(doc, "deleted");
  s.failed = JsonUint(doc, "failed");
  s.bytes_uploaded = JsonUint(doc, "bytes_uploaded");
  s.requests = JsonUint(doc, "requests");
  s.retries = JsonUint(doc, "retries");
  const auto counts = doc.find("request_counts");
  r.request_counts_known = counts != doc.end() && counts->is_object();
  if (r.request_counts_known) s.request_counts = RequestCountsFromJson(*counts);
  return r;
}

Status AppendRunRecord(const std::string& path, const RunRecord& record, std::size_t limit) {
  Result<std::optional<std::string>> old = ReadFileIfExists(path);
  if (!old) return Fail(old.error());
  std::vector<std::string> lines = *old ? SplitLines(**old) : std::vector<std::string>{};
  lines.push_back(RunRecordToJson(record));
  std::size_t keep = std::max<std::size_t>(limit, 1);
  std::size_t first = lines.size() > keep ? lines.size() - keep : 0;
  std::string text;
  for (std::size_t i = first; i < lines.size(); ++i) text += lines[i] + "\n";
  return WriteFileAtomic(path, text, 0600);
}

Result<std::vector<RunRecord>> ReadRunHistory(const std::string& path) {
  std::vector<RunRecord> records;
  Result<std::optional<std::string>> text = ReadFileIfExists(path);
  if (!text) return Fail(text.error());
  if (!*text) return records;
  for (const std::string& line : SplitLines(**text)) {
    Result<RunRecord> record = RunRecordFromJson(line);
    if (record) records.push_back(std::move(*record));
  }
  return records;
}

}  // namespace s3mirror::state
