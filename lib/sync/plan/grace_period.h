// Grace-period deletes (--delete-after-missing N): a remote object whose file is missing is
// deleted only once its file has been missing in N consecutive successful runs. The counters live
// in the state dir (<id>.missing), keyed by the key relative to the prefix.
//   - A successful run is one with outcome success: scan, listing, every upload and every delete
//     done, not a dry run, not refused, not interrupted. Only such a run advances the counters.
//   - In a run, each delete candidate (a remote key with no local file, not excluded, not under an
//     unreadable path) counts this run: runs = stored runs + 1. It is due when runs >= N (deleted
//     in this run, and counted by the deletion guard); otherwise it is kept.
//   - A key that is not a candidate in a run (its file is back, it is now excluded, its directory
//     could not be read, or the object is gone) loses its counter, also in a run that does not
//     succeed: dropping a counter only ever delays a delete.
// ApplyGracePeriod is pure; LoadMissingCounts/SaveMissingCounts are the file's I/O.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "util/result.h"

namespace s3mirror::sync {

// One tracked key: missing in `runs` consecutive successful runs.
struct MissingCount {
  std::string key{};  // relative to the destination prefix
  std::uint32_t runs = 0;
};

// Sorted by key (byte order), no duplicates.
using MissingCounts = std::vector<MissingCount>;

struct GraceDecision {
  std::vector<std::string> due{};  // delete now, in key order
  std::uint64_t kept = 0;          // candidates still within the grace period
  MissingCounts after_success{};   // to store when the run succeeds (kept keys, runs + 1)
  MissingCounts after_failure{};   // to store otherwise (candidates with their stored runs)
  // Kept keys by the number of further successful runs after this one before they are deleted
  // (1: at the next successful run).
  std::map<std::uint32_t, std::uint64_t> kept_by_runs_left{};
};

// Requires: `candidates` sorted by key bytes without duplicates; `after_missing` >= 1.
GraceDecision ApplyGracePeriod(const MissingCounts& stored,
                               const std::vector<std::string>& candidates,
                               std::uint32_t after_missing);

// "kept 5 missing object(s) (--delete-after-missing 3): 3 deleted at the next successful run,
// 2 after 2 more"; empty when nothing was kept. A dry run does not count, so for it the objects
// go one successful run later: "dry run: would keep 5 ...: 3 after 2 more, 2 after 3 more".
std::string DescribeKept(const GraceDecision& decision, std::uint32_t after_missing,
                         bool dry_run = false);

// File format (text, one key a line, compact for a million keys):
//   "s3mirror-missing 1\n", then per key in key order "RUNS KEY\n" where KEY has every byte
//   below 0x21, 0x7F and '%' written as %XX.
// A missing file is no counters; a damaged one is kLocalIo saying why (the caller warns and
// starts from no counters, which only delays deletes).
Result<MissingCounts> LoadMissingCounts(const std::string& path);
// Atomic replace, mode 0600. kLocalIo on failure.
Status SaveMissingCounts(const std::string& path, const MissingCounts& counts);

}  // namespace s3mirror::sync
