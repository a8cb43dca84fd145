// Reading local files for upload and hashing, with change detection: every read is bracketed by
// fstat calls, and the caller compares the stamps taken before and after (a file that changes while
// it is read is not uploaded or recorded in that state). FileReader is the seam that lets executor
// tests script changing files; PosixFileReader is the real one (open + pread + fstat).
#pragma once

#include <cstdint>
#include <string>

#include "sync/sync_types.h"
#include "util/result.h"

namespace s3mirror::sync {

// What identifies one version of a file: if any field differs, the content may differ.
struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  std::uint64_t inode = 0;

  bool operator==(const FileStamp&) const = default;
};

FileStamp StampOf(const LocalFile& file);

struct FileBytes {
  std::string bytes{};  // exactly the bytes read (shorter than asked when the file shrank)
  FileStamp before{};   // fstat before the first pread
  FileStamp after{};    // fstat after the last pread
};

class FileReader {
 public:
  virtual ~FileReader() = default;
  // fstat of the file at `path` (absolute). kLocalIo when it cannot be opened or stat'ed
  // (kSourceChanged when it no longer exists).
  virtual Result<FileStamp> Stat(const std::string& path) = 0;
  // Reads [offset, offset + length) of `path`. kLocalIo / kSourceChanged as Stat.
  virtual Result<FileBytes> Read(const std::string& path, std::uint64_t offset,
                                 std::uint64_t length) = 0;
};

class PosixFileReader final : public FileReader {
 public:
  explicit PosixFileReader(bool follow_symlinks = false) : follow_symlinks_(follow_symlinks) {}
  Result<FileStamp> Stat(const std::string& path) override;
  Result<FileBytes> Read(const std::string& path, std::uint64_t offset,
                         std::uint64_t length) override;

 private:
  bool follow_symlinks_;
};

// fstat of an open file; false (errno set) on failure.
bool StampFromFd(int fd, FileStamp& stamp);

// Opens `path` read-only; without `follow_symlinks` a final symlink is refused (O_NOFOLLOW), so a
// file swapped for a link after the scan cannot smuggle a file from outside LOCAL_DIR into the
// bucket. -1 and errno set on failure.
int OpenForReading(const std::string& path, bool follow_symlinks);

// Error for a failed open/stat/read of `path` with `errno_value`: kSourceChanged for ENOENT (the
// file vanished since the scan), kLocalIo otherwise.
Error FileError(const std::string& path, const char* what, int errno_value);

}  // namespace s3mirror::sync
