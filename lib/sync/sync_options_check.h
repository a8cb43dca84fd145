// CheckSyncOptions: the checks of a SyncOptions that need no I/O, run before a sync run touches
// the disk or the network. The CLI checks the command line itself (cli/sync_args.cpp); this guards
// RunSync's other callers and the combinations of options.
#pragma once

#include <cstdint>

#include "sync/sync_options.h"
#include "util/result.h"

namespace s3mirror::sync {

inline constexpr std::uint64_t kMaxPartSize = 5ull << 30;  // S3's maximum part size

// Ok, or the first problem found, with the message naming the option and the fix:
//   kUsage  part_size outside [kMinPartSize, kMaxPartSize] ("--part-size 3M is below S3's 5 MiB
//           minimum"), concurrency below 1, delete_after_missing without delete_remote;
//   kConfig delete_after_missing without missing_counts_path (no state dir).
// Pure.
Status CheckSyncOptions(const SyncOptions& options);

}  // namespace s3mirror::sync
