// The state dir: where run state files, run history and the hash cache live, one set of files per
// destination (bucket + prefix), named after DestinationId:
//   <id>.state.json     the current or last run (state/run_state.h)
//   <id>.history.jsonl  one line per finished run (state/run_history.h)
//   <id>.hashcache      the hash cache (sync/hash_cache)
//   <id>.headers        the header record (sync/headers/header_record.h)
//   <id>.missing        --delete-after-missing counters (sync/plan/grace_period.h)
//   <id>.deletions.jsonl  the deletion journal (state/deletion_journal.h), rotated to
//                       <id>.deletions.jsonl.1
//   <id>.manifest.json  what the last run was asked and left undone (state/run_manifest.h)
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace s3mirror::state {

// Filename-safe and stable: the bucket and prefix with every byte outside [A-Za-z0-9.-] replaced by
// '_' (at most 64 of them), "-", and 8 hex digits of SHA-256("bucket/prefix"), e.g.
// DestinationId("my-bucket", "site/") == "my-bucket_site_-" + 8 hex.
std::string DestinationId(std::string_view bucket, std::string_view prefix);

// Creates `path` (and missing parents) with mode 0700; an existing directory is left as it is.
// kConfig when it cannot be created or is not a directory.
Status EnsureStateDir(const std::string& path);

std::string HashCachePath(const std::string& state_dir, const std::string& destination_id);
std::string HeaderRecordPath(const std::string& state_dir, const std::string& destination_id);
std::string StateFilePath(const std::string& state_dir, const std::string& destination_id);
std::string HistoryFilePath(const std::string& state_dir, const std::string& destination_id);
std::string MissingCountsPath(const std::string& state_dir, const std::string& destination_id);
std::string DeletionJournalPath(const std::string& state_dir, const std::string& destination_id);
std::string ManifestPath(const std::string& state_dir, const std::string& destination_id);

// The destination ids that have a state file or a history in `state_dir`, sorted, no duplicates.
// A missing state dir has none; kLocalIo when it exists but cannot be read.
Result<std::vector<std::string>> ListDestinationIds(const std::string& state_dir);

}  // namespace s3mirror::state
