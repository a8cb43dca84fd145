#include "sync/content/file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace s3mirror::sync {
namespace {

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

FileStamp StampOf(const LocalFile& file) {
  return FileStamp{
      .size = file.size, .mtime_ns = file.mtime_ns, .ctime_ns = file.ctime_ns, .inode = file.inode};
}

bool StampFromFd(int fd, FileStamp& stamp) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return false;
  stamp.size = static_cast<std::uint64_t>(st.st_size);
  stamp.mtime_ns = std::int64_t{st.st_mtim.tv_sec} * kNanosPerSecond + st.st_mtim.tv_nsec;
  stamp.ctime_ns = std::int64_t{st.st_ctim.tv_sec} * kNanosPerSecond + st.st_ctim.tv_nsec;
  stamp.inode = static_cast<std::uint64_t>(st.st_ino);
  return true;
}

int OpenForReading(const std::string& path, bool follow_symlinks) {
  int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;  // O_NONBLOCK: never hang on a FIFO
  if (!follow_symlinks) flags |= O_NOFOLLOW;
  return ::open(path.c_str(), flags);
}

Error FileError(const std::string& path, const char* what, int errno_value) {
  const ErrorKind kind = errno_value == ENOENT ? ErrorKind::kSourceChanged : ErrorKind::kLocalIo;
  return Error{
      .kind = kind,
      .message = std::string("cannot ") + what + " " + path + ": " + std::strerror(errno_value)};
}

Result<FileStamp> PosixFileReader::Stat(const std::string& path) {
  Fd fd(OpenForReading(path, follow_symlinks_));
  if (fd.get() < 0) return Fail(FileError(path, "open", errno));
  FileStamp stamp;
  if (!StampFromFd(fd.get(), stamp)) return Fail(FileError(path, "stat", errno));
  return stamp;
}

Result<FileBytes> PosixFileReader::Read(const std::string& path, std::uint64_t offset,
                                        std::uint64_t length) {
  Fd fd(OpenForReading(path, follow_symlinks_));
  if (fd.get() < 0) return Fail(FileError(path, "open", errno));
  FileBytes out;
  if (!StampFromFd(fd.get(), out.before)) return Fail(FileError(path, "stat", errno));
  out.bytes.resize(length);
  std::uint64_t done = 0;
  while (done < length) {
    const ssize_t n = ::pread(fd.get(), out.bytes.data() + done, length - done,
                              static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Fail(FileError(path, "read", errno));
    if (n == 0) break;  // the file shrank; the stamps will show it
    done += static_cast<std::uint64_t>(n);
  }
  out.bytes.resize(done);
  if (!StampFromFd(fd.get(), out.after)) return Fail(FileError(path, "stat", errno));
  return out;
}

}  // namespace s3mirror::sync
