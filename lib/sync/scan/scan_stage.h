// RunScanStage: the scan stage of a sync run. Checks that LOCAL_DIR's file system is mounted
// (with check_mounts; mount_guard.h), scans it (local_scanner.h) and passes on the scanner's
// warnings, fails the files whose keys S3 would refuse (FailOverlongKeys), applies the
// --awkward-names policy (name_policy.h), and refuses a LOCAL_DIR with no file at all.
// Error kinds: kSafety for every refusal (unmounted, missing or empty LOCAL_DIR), kLocalIo when
// LOCAL_DIR cannot be opened. Files that fail are counted in the summary, never an error.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "report/reporter.h"
#include "sync/names/name_policy.h"
#include "sync/scan/filter.h"
#include "sync/scan/local_scanner.h"
#include "sync/sync_options.h"
#include "sync/sync_types.h"
#include "util/result.h"

namespace s3mirror::sync {

inline constexpr std::size_t kMaxKeyBytes = 1024;  // S3's limit on a key's length (UTF-8 bytes)

struct ScanStageInput {
  // local_dir, check_mounts, mount_tables, follow_symlinks, prefix (normalised), awkward_names
  const SyncOptions& options;
  const Filter& filter;
  report::Reporter& reporter;   // warnings, scan progress, failed files, awkward names
  report::RunSummary& summary;  // files_scanned set; failed files counted
};

struct ScanStage {
  ScanResult scan{};             // scan.files: the files to sync, in key byte order
  AwkwardNameOutcome awkward{};  // the remote keys --delete must keep
};

Result<ScanStage> RunScanStage(const ScanStageInput& input);

// S3 refuses keys longer than kMaxKeyBytes (KeyTooLongError). Erases from `files` those whose key
// `prefix` + path is longer, reporting each with Reporter::OnFailed (kLocalIo, naming the length)
// and counting it in summary.failed and summary.first_errors (NoteFailedFile).
void FailOverlongKeys(std::vector<LocalFile>& files, std::string_view prefix,
                      report::Reporter& reporter, report::RunSummary& summary);

}  // namespace s3mirror::sync
