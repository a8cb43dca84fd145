#include "util/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

namespace s3mirror {
namespace {

Unexpected<Error> IoError(std::string_view verb, const std::string& path, int error_number) {
  return Fail(ErrorKind::kLocalIo,
              "cannot " + std::string(verb) + " " + path + ": " + std::strerror(error_number));
}

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return IoError("write", path, errno);
    }
    data.remove_prefix(static_cast<size_t>(written));
  }
  return {};
}

Status SyncDirectory(const std::string& directory) {
  Fd dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) return IoError("open directory", directory, errno);
  if (::fsync(dir.get()) != 0) return IoError("sync directory", directory, errno);
  return {};
}

}  // namespace

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

int Fd::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

void Fd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

Result<std::optional<std::string>> ReadFileIfExists(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::string>();
    return IoError("read", path, errno);
  }
  std::string contents;
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      return IoError("read", path, errno);
    }
    contents.append(buffer, static_cast<size_t>(got));
  }
  return std::optional<std::string>(std::move(contents));
}

Result<std::string> ReadFile(const std::string& path) {
  Result<std::optional<std::string>> contents = ReadFileIfExists(path);
  if (!contents) return Fail(std::move(contents).error());
  if (!contents->has_value()) return IoError("read", path, ENOENT);
  return std::move(**contents);
}

Result<AtomicFile> AtomicFile::Create(const std::string& path, mode_t mode, Temporary kind) {
  static std::atomic<unsigned> counter{0};
  const bool fixed = kind == Temporary::kFixed;
  std::string temporary = fixed ? path + ".tmp"
                                : path + ".tmp." + std::to_string(::getpid()) + "." +
                                      std::to_string(counter.fetch_add(1));
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (fixed ? O_TRUNC : O_EXCL);
  Fd fd(::open(temporary.c_str(), flags, mode));
  if (!fd.valid()) return IoError("create", temporary, errno);
  // The umask applied at open; the caller asked for exactly `mode`.
  if (::fchmod(fd.get(), mode) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    return IoError("chmod", temporary, error);
  }
  return AtomicFile(path, std::move(temporary), std::move(fd));
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : path_(std::move(other.path_)),
      temporary_(std::exchange(other.temporary_, std::string())),
      fd_(std::move(other.fd_)) {}

AtomicFile::~AtomicFile() {
  fd_.reset();
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

Status AtomicFile::Commit() {
  if (temporary_.empty()) return Fail(ErrorKind::kInternal, "atomic file committed twice");
  if (::fsync(fd_.get()) != 0) return IoError("sync", temporary_, errno);
  if (::close(fd_.release()) != 0) return IoError("close", temporary_, errno);
  if (::rename(temporary_.c_str(), path_.c_str()) != 0) {
    return IoError("rename " + temporary_ + " to", path_, errno);
  }
  temporary_.clear();
  return SyncDirectory(DirectoryOf(path_));
}

Status WriteFileAtomic(const std::string& path, std::string_view contents, mode_t mode) {
  Result<AtomicFile> file = AtomicFile::Create(path, mode);
  if (!file) return Fail(std::move(file).error());
  if (Status written = WriteAll(file->fd(), contents, path); !written) return written;
  return file->Commit();
}

Status MakeDirs(const std::string& path, mode_t mode) {
  if (path.empty()) return Fail(ErrorKind::kLocalIo, "cannot create a directory with no name");
  for (size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
    const std::string prefix = path.substr(0, slash);
    if (!prefix.empty() && ::mkdir(prefix.c_str(), mode) != 0 && errno != EEXIST) {
      return IoError("create directory", prefix, errno);
    }
    if (slash == std::string::npos) break;
  }
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return IoError("create directory", path, errno);
  if (!S_ISDIR(info.st_mode)) return IoError("create directory", path, ENOTDIR);
  return {};
}

}  // namespace s3mirror
