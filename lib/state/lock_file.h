// The run lock: an exclusive flock(2) on a file, the same kind of lock `setlock` takes, so
// `s3mirror sync --lock FILE` and `setlock FILE s3mirror sync` exclude each other.
#pragma once

#include <string>

#include "util/result.h"

namespace s3mirror::state {

class LockFile {
 public:
  // Opens (creating with 0644 if needed) and locks `path` with flock(LOCK_EX | LOCK_NB).
  // kLocked "LOCKFILE is held by pid 1234" when another process holds it (the pid from /proc/locks
  // when found); kLocalIo when the file cannot be opened.
  static Result<LockFile> Acquire(const std::string& path);

  LockFile(LockFile&& other) noexcept;
  LockFile& operator=(LockFile&& other) noexcept;
  LockFile(const LockFile&) = delete;
  LockFile& operator=(const LockFile&) = delete;
  ~LockFile();  // releases the lock

  const std::string& path() const { return path_; }

 private:
  LockFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;
};

struct LockInfo {
  bool locked = false;
  int holder_pid = 0;  // 0 unknown
};

// Whether some process holds a lock (flock, POSIX or OFD) on `path`, read from /proc/locks by
// matching the file's device and inode; never takes the lock itself, so it cannot disturb a run
// that is starting. A missing file is not locked. kLocalIo when /proc/locks cannot be read.
Result<LockInfo> InspectLock(const std::string& path);

}  // namespace s3mirror::state
