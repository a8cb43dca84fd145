// The deletion journal <state dir>/<destination id>.deletions.jsonl: one JSON object per line, one
// line per object a sync run deleted, oldest first:
//   {"key":"news/old.html","size":1234,"etag":"9a0364b9e99bb480dd25e1f0284c8555",
//    "deleted_at":"2026-11-25T14:43:03Z","destination":"s3://bucket/site/",
//    "run_pid":4242,"run_started_at":"2026-11-25T14:40:00Z"}
// key is the full object key; size and etag are those of the listing that decided the delete;
// run_pid and run_started_at name the run as in the history (its pid and start time).
// Bounded: lines are appended (O_APPEND, fsync, mode 0600); when the file has reached
// kJournalRotateBytes before an append it is first renamed to <path>.1 (replacing the previous
// one), so at most two files of about kJournalRotateBytes each (plus one run's lines) are kept.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "state/timestamp.h"
#include "util/result.h"

namespace s3mirror::state {

inline constexpr std::uint64_t kJournalRotateBytes = 8ull << 20;

struct DeletionRecord {
  std::string key{};
  std::uint64_t size = 0;
  std::string etag{};
  TimePoint deleted_at{};
  std::string destination_url{};
  int run_pid = 0;
  TimePoint run_started_at{};
};

std::string DeletionRecordToJson(const DeletionRecord& record);  // one line, no newline
// kInternal when `line` is not a deletion record.
Result<DeletionRecord> DeletionRecordFromJson(std::string_view line);

// Appends one line per record (rotating first, see above). kLocalIo on failure.
Status AppendDeletions(const std::string& path, const std::vector<DeletionRecord>& records,
                       std::uint64_t rotate_bytes = kJournalRotateBytes);

// The newest `limit` records of the journal and its rotated file, oldest first. Lines that do not
// parse are skipped; a missing journal has none; kLocalIo when one cannot be read.
Result<std::vector<DeletionRecord>> ReadLastDeletions(const std::string& path, std::size_t limit);

}  // namespace s3mirror::state
