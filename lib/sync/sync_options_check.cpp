#include "sync/sync_options_check.h"

#include <string>

namespace s3mirror::sync {
namespace {

// A size as it would be written on the command line: 3145728 -> "3M".
std::string SizeFlag(std::uint64_t bytes) {
  const char* units = "KMGT";
  int unit = -1;
  while (unit < 3 && bytes >= 1024 && bytes % 1024 == 0) bytes /= 1024, ++unit;
  return std::to_string(bytes) + (unit >= 0 ? std::string(1, units[unit]) : std::string());
}

}  // namespace

Status CheckSyncOptions(const SyncOptions& options) {
  if (options.part_size < kMinPartSize) {
    return Fail(ErrorKind::kUsage,
                "--part-size " + SizeFlag(options.part_size) + " is below S3's 5 MiB minimum");
  }
  if (options.part_size > kMaxPartSize) {
    return Fail(ErrorKind::kUsage,
                "--part-size " + SizeFlag(options.part_size) + " is above S3's 5 GiB maximum");
  }
  if (options.concurrency < 1) {
    return Fail(ErrorKind::kUsage, "--concurrency must be at least 1");
  }
  if (options.delete_after_missing > 0 && !options.delete_remote) {
    return Fail(ErrorKind::kUsage, "--delete-after-missing needs --delete");
  }
  if (options.delete_after_missing > 0 && options.missing_counts_path.empty()) {
    return Fail(ErrorKind::kConfig, "--delete-after-missing needs the state dir");
  }
  return {};
}

}  // namespace s3mirror::sync
