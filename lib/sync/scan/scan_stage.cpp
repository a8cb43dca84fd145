#include "sync/scan/scan_stage.h"

#include <string>
#include <utility>

#include "sync/scan/mount_guard.h"
#include "sync/sync_result_notes.h"
#include "util/memory.h"

namespace s3mirror::sync {

Result<ScanStage> RunScanStage(const ScanStageInput& input) {
  const SyncOptions& options = input.options;
  if (options.check_mounts) {
    Status mounted = CheckLocalDirMounted(options.local_dir, options.mount_tables);
    if (!mounted) return Fail(std::move(mounted).error());
  }
  Result<ScanResult> scan =
      ScanLocal({.local_dir = options.local_dir,
                 .follow_symlinks = options.follow_symlinks,
                 .filter = &input.filter,
                 .on_progress = [&input](std::uint64_t n) { input.reporter.OnScanProgress(n); }});
  if (!scan) return Fail(std::move(scan).error());
  for (const std::string& warning : scan->warnings) input.reporter.OnWarning(warning);
  ReleaseFreeMemory();  // the walk's directory entries
  input.summary.files_scanned = scan->files.size();
  FailOverlongKeys(scan->files, options.prefix, input.reporter, input.summary);
  AwkwardNameOutcome awkward =
      ApplyAwkwardNamePolicy(scan->files, options.awkward_names, input.reporter, input.summary);
  if (scan->files_seen == 0) {
    return Fail(ErrorKind::kSafety, "LOCAL_DIR " + options.local_dir +
                                        " is empty; refusing to sync (nothing would be uploaded "
                                        "and --delete would empty the mirror)");
  }
  return ScanStage{.scan = std::move(scan).value(), .awkward = std::move(awkward)};
}

// The files fail here, without a request each run, and the rest of the run goes on. No object
// can exist under such a key, so they do not hold back deletes.
void FailOverlongKeys(std::vector<LocalFile>& files, std::string_view prefix,
                      report::Reporter& reporter, report::RunSummary& summary) {
  const auto too_long = [prefix](const LocalFile& file) {
    return prefix.size() + file.path.size() > kMaxKeyBytes;
  };
  for (const LocalFile& file : files) {
    if (!too_long(file)) continue;
    const std::size_t bytes = prefix.size() + file.path.size();
    const Error error{.kind = ErrorKind::kLocalIo,
                      .message = "its key is " + std::to_string(bytes) +
                                 " bytes long; S3 allows at most 1024 (not uploaded)"};
    reporter.OnFailed(file.path, error);
    NoteFailedFile(summary, file.path, error);
  }
  std::erase_if(files, too_long);
}

}  // namespace s3mirror::sync
