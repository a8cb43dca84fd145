#include "state/lock_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

namespace s3mirror::state {
namespace {

// One line of /proc/locks, e.g. "1: FLOCK  ADVISORY  WRITE 1234 08:01:1311 0 EOF". Waiters carry
// an extra "->" field and are skipped: they do not hold the lock.
struct ProcLock {
  int pid = 0;
  unsigned major = 0;
  unsigned minor = 0;
  unsigned long long inode = 0;
};

bool ParseProcLocksLine(const std::string& line, ProcLock& lock) {
  std::istringstream fields(line);
  std::string id, type, mode, access, pid, device;
  if (!(fields >> id >> type) || type == "->") return false;
  if (!(fields >> mode >> access >> pid >> device)) return false;
  if (std::sscanf(device.c_str(), "%x:%x:%llu", &lock.major, &lock.minor, &lock.inode) != 3) {
    return false;
  }
  lock.pid = std::atoi(pid.c_str());  // -1 for OFD locks, which have no owning pid
  return true;
}

}  // namespace

Result<LockFile> LockFile::Acquire(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Fail(ErrorKind::kLocalIo,
                "cannot open the lock file " + path + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return LockFile(path, fd);
  int error = errno;
  ::close(fd);
  if (error != EWOULDBLOCK) {
    return Fail(ErrorKind::kLocalIo, "cannot lock " + path + ": " + std::strerror(error));
  }
  Result<LockInfo> info = InspectLock(path);
  if (info && info->holder_pid > 0) {
    return Fail(ErrorKind::kLocked, path + " is held by pid " + std::to_string(info->holder_pid));
  }
  return Fail(ErrorKind::kLocked, path + " is held by another process");
}

LockFile::LockFile(LockFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {}

LockFile& LockFile::operator=(LockFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

LockFile::~LockFile() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

Result<LockInfo> InspectLock(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return LockInfo{};
    return Fail(ErrorKind::kLocalIo,
                "cannot stat the lock file " + path + ": " + std::strerror(errno));
  }
  std::ifstream locks("/proc/locks");
  if (!locks) return Fail(ErrorKind::kLocalIo, "cannot read /proc/locks");
  LockInfo info;
  std::string line;
  while (std::getline(locks, line)) {
    ProcLock lock;
    if (!ParseProcLocksLine(line, lock)) continue;
    if (lock.inode != st.st_ino || lock.major != major(st.st_dev) ||
        lock.minor != minor(st.st_dev)) {
      continue;
    }
    info.locked = true;
    if (lock.pid > 0) {
      info.holder_pid = lock.pid;
      break;
    }
  }
  return info;
}

}  // namespace s3mirror::state
