// `status --pending DIR`: how much the next sync of DIR will do, estimated without the network
// from a stat walk of DIR, the hash cache, the run manifest and the --delete-after-missing
// counters that the last run left in the state dir.
//   uploads    files of DIR (with the last run's --exclude/--include and --follow-symlinks) whose
//              size, mtime, ctime or inode is not the one in the hash cache (new or changed since
//              the last run), plus those the last run planned but did not upload (failed,
//              interrupted, refused);
//   deletes    only when the last run used --delete: keys with no file in DIR any more among the
//              files of the last run (the hash cache), the keys kept by --delete-after-missing,
//              and the deletes the last run planned but did not do; keys excluded by the rules or
//              under a path that cannot be read are not counted;
//   deletes_due  of those, the ones the next run deletes (all of them without
//              --delete-after-missing; else those whose counter reaches N with the next run).
// It assumes the bucket was changed only by s3mirror since the last run. A file whose stamp
// changed but whose content did not is counted, though the next run will hash it and skip it.
// EstimatePending is pure; GatherPending does the I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "state/run_manifest.h"
#include "sync/plan/grace_period.h"
#include "sync/sync_types.h"
#include "util/result.h"

namespace s3mirror::monitor {

struct PendingEstimate {
  std::string destination_url{};
  std::string last_outcome{};
  state::TimePoint last_finished_at{};
  bool hash_cache = true;  // the last run used (and saved) the hash cache
  std::uint64_t files_scanned = 0;
  std::uint64_t uploads = 0;
  std::uint64_t upload_bytes = 0;
  std::optional<std::uint64_t> deletes{};  // nullopt: the last run did not use --delete
  std::optional<std::uint64_t> deletes_due{};
};

struct PendingInputs {
  const state::RunManifest& manifest;
  const std::vector<sync::LocalFile>& files;    // DIR now, scanned with the manifest's rules
  const std::vector<bool>& cached;              // per file: in the hash cache under its stamp
  const std::vector<std::string>& unreadable;   // ScanResult::unreadable
  const std::vector<std::string>& cache_paths;  // every path in the hash cache
  const sync::MissingCounts& missing;           // --delete-after-missing counters
};

PendingEstimate EstimatePending(const PendingInputs& inputs);

struct PendingReport {
  std::string local_dir{};
  std::vector<PendingEstimate> destinations{};  // one per destination whose last run used DIR
  std::vector<std::string> warnings{};          // unreadable state files, scan warnings
};

struct PendingRequest {
  std::string state_dir{};
  std::string local_dir{};
  std::string bucket{};  // non-empty: only destinations in this bucket
};

// kUsage when local_dir is not a directory; kLocalIo when the state dir cannot be listed.
Result<PendingReport> GatherPending(const PendingRequest& request);

// Text: one block per destination; JSON: {"schema_version", "local_dir", "pending": [...]}
// (man page, STATUS OUTPUT, "Pending output").
std::string FormatPendingText(const PendingReport& report);
std::string FormatPendingJson(const PendingReport& report);

}  // namespace s3mirror::monitor
