// The run history <state dir>/<destination id>.history.jsonl: one JSON object per line, one line
// per finished run, oldest first, bounded to the last kHistoryLimit runs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "report/reporter.h"
#include "state/timestamp.h"
#include "util/result.h"

namespace s3mirror::state {

inline constexpr std::size_t kHistoryLimit = 500;

struct RunRecord {
  std::string destination_id;
  std::string destination_url;
  std::string host;
  int pid = 0;
  TimePoint started_at;
  TimePoint finished_at;
  report::RunSummary summary;  // first_errors is not kept
  // False for a line written before the request counts were kept (summary.request_counts is 0).
  bool request_counts_known = true;
};

std::string RunRecordToJson(const RunRecord& record);  // one line, no newline
// kInternal when `line` is not a run record.
Result<RunRecord> RunRecordFromJson(std::string_view line);

// Appends `record` and keeps only the newest `limit` lines; the file is replaced atomically
// (mode 0600), so a reader sees either the old or the new history. kLocalIo on failure.
Status AppendRunRecord(const std::string& path, const RunRecord& record,
                       std::size_t limit = kHistoryLimit);

// The records, oldest first. Lines that do not parse are skipped. A missing file is an empty
// history; kLocalIo when it cannot be read.
Result<std::vector<RunRecord>> ReadRunHistory(const std::string& path);

}  // namespace s3mirror::state
