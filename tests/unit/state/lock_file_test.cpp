#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "state/lock_file.h"
#include "support/temp_dir.h"

using s3mirror::ErrorKind;
using s3mirror::state::InspectLock;
using s3mirror::state::LockFile;
using s3mirror::testing::TempDir;

namespace {

// A child process that holds an exclusive flock on `path` (as `setlock` would) until Release().
class LockHoldingChild {
 public:
  explicit LockHoldingChild(const std::string& path) {
    int ready[2], release[2];
    REQUIRE(::pipe(ready) == 0);
    REQUIRE(::pipe(release) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::close(ready[0]);
      ::close(release[1]);
      int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0644);
      char ok = (fd >= 0 && ::flock(fd, LOCK_EX) == 0) ? '1' : '0';
      (void)!::write(ready[1], &ok, 1);
      char byte;
      (void)!::read(release[0], &byte, 1);  // returns when the parent closes its end
      ::_exit(0);
    }
    ::close(ready[1]);
    ::close(release[0]);
    release_fd_ = release[1];
    char ok = 0;
    REQUIRE(::read(ready[0], &ok, 1) == 1);
    ::close(ready[0]);
    REQUIRE(ok == '1');
  }
  ~LockHoldingChild() { Release(); }

  int pid() const { return pid_; }
  void Release() {
    if (release_fd_ < 0) return;
    ::close(release_fd_);
    release_fd_ = -1;
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }

 private:
  pid_t pid_ = -1;
  int release_fd_ = -1;
};

}  // namespace

TEST_CASE("InspectLock reports the pid of another process holding the flock") {
  TempDir temp;
  std::string path = temp.Join("job.lock");
  LockHoldingChild child(path);
  auto info = InspectLock(path);
  REQUIRE(info);
  CHECK(info->locked);
  CHECK(info->holder_pid == child.pid());
}

TEST_CASE("LockFile::Acquire fails with kLocked naming the holder's pid") {
  TempDir temp;
  std::string path = temp.Join("job.lock");
  LockHoldingChild child(path);
  auto lock = LockFile::Acquire(path);
  REQUIRE_FALSE(lock);
  CHECK(lock.error().kind == ErrorKind::kLocked);
  CHECK(lock.error().message == path + " is held by pid " + std::to_string(child.pid()));
  child.Release();
  CHECK(LockFile::Acquire(path));
}

TEST_CASE("LockFile holds the lock until it is destroyed") {
  TempDir temp;
  std::string path = temp.Join("job.lock");
  {
    auto lock = LockFile::Acquire(path);
    REQUIRE(lock);
    LockFile moved = std::move(*lock);
    auto info = InspectLock(path);
    REQUIRE(info);
    CHECK(info->locked);
    CHECK(info->holder_pid == ::getpid());
  }
  auto info = InspectLock(path);
  REQUIRE(info);
  CHECK_FALSE(info->locked);
  CHECK(info->holder_pid == 0);
}

TEST_CASE("InspectLock reports a missing lock file as not locked") {
  TempDir temp;
  auto info = InspectLock(temp.Join("missing.lock"));
  REQUIRE(info);
  CHECK_FALSE(info->locked);
}
