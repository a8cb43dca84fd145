// ScanLocal: the local half of the pipeline. Walks LOCAL_DIR iteratively (an explicit stack of open
// directories: openat/fdopendir/fstatat, no recursion) and returns its regular files in S3 key byte
// order. A directory "a" sorts as "a/", so "a-b" < "a.b" < "a/x" < "a0" (memcmp of the bytes).
//   - Symbolic links are skipped (and counted) unless follow_symlinks; then only links whose target
//     resolves inside LOCAL_DIR are followed, and a link back to a directory being walked (a loop)
//     is skipped.
//   - FIFOs, sockets and devices are skipped without being opened.
//   - Names that are not valid UTF-8 are skipped with a warning showing the escaped name.
//   - Paths that cannot be read are returned in `unreadable` so --delete keeps their remote keys.
//   - Files excluded by the filter are counted, not returned.
// Error kinds: kSafety when LOCAL_DIR is missing or not a directory, kLocalIo when it cannot be
// opened. Everything below the root is reported in the result, never as an error.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sync/scan/filter.h"
#include "sync/sync_types.h"
#include "util/result.h"

namespace s3mirror::sync {

struct ScanOptions {
  std::string local_dir{};
  bool follow_symlinks = false;
  const Filter* filter = nullptr;  // null: include everything
  // Called every kScanProgressInterval files with the count so far; may be empty.
  std::function<void(std::uint64_t)> on_progress{};
};

inline constexpr std::uint64_t kScanProgressInterval = 10000;

struct ScanResult {
  std::vector<LocalFile> files{};  // included regular files, key byte order
  // Relative paths (no trailing '/') of directories and files that could not be read; the remote
  // keys equal to one of them or under it ("p/...") must not be deleted.
  std::vector<std::string> unreadable{};
  std::uint64_t files_seen = 0;  // regular files found, excluded ones included
  std::uint64_t excluded = 0;
  std::uint64_t skipped_links = 0;
  std::uint64_t skipped_special = 0;    // FIFOs, sockets, devices
  std::uint64_t skipped_names = 0;      // not valid UTF-8
  std::vector<std::string> warnings{};  // one line each, ready for Reporter::OnWarning
};

Result<ScanResult> ScanLocal(const ScanOptions& options);

// True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates or code points > U+10FFFF).
bool IsValidUtf8(std::string_view bytes);
// Printable form of a name: bytes outside printable ASCII as \xNN.
std::string EscapeName(std::string_view bytes);

}  // namespace s3mirror::sync
