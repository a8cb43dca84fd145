#include "sync/scan/local_scanner.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace s3mirror::sync {
namespace {

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&&) = delete;
  UniqueFd(const UniqueFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

enum class EntryKind : unsigned char { kFile, kDirectory, kFollowedDirectory };

// One directory entry worth walking. `sort_key` is the name, plus '/' for directories, so that
// sorting siblings by it gives S3 key byte order for everything below them.
struct Entry {
  std::string sort_key;
  EntryKind kind;
  struct stat st;
};

struct Frame {
  UniqueFd fd;
  std::string prefix;  // "" for the root, else "dir/sub/"
  dev_t device;
  ino_t inode;
  std::vector<Entry> entries;
  size_t next = 0;
};

std::string ErrnoText(int errno_value) { return std::strerror(errno_value); }

class Walker {
 public:
  Walker(const ScanOptions& options, std::string root_real)
      : options_(options), root_real_(std::move(root_real)) {}

  ScanResult Run(UniqueFd root_fd, const struct stat& root_st);

 private:
  void PushDirectory(UniqueFd fd, const struct stat& st, std::string prefix);
  void Visit(Frame& frame, Entry& entry);
  void Classify(int dir_fd, const std::string& prefix, const char* name, std::vector<Entry>& out);
  bool ClassifyLink(int dir_fd, const std::string& path, const char* name, Entry& entry);
  void AddFile(std::string path, const struct stat& st);
  void Unreadable(std::string path, const char* what, int errno_value);

  const ScanOptions& options_;
  std::string root_real_;
  std::vector<Frame> stack_;
  ScanResult result_;
};

ScanResult Walker::Run(UniqueFd root_fd, const struct stat& root_st) {
  PushDirectory(std::move(root_fd), root_st, "");
  while (!stack_.empty()) {
    Frame& top = stack_.back();
    if (top.next == top.entries.size()) {
      stack_.pop_back();
      continue;
    }
    Entry& entry = top.entries[top.next++];
    Visit(top, entry);  // may push a frame: `top` is not used afterwards
  }
  if (result_.skipped_links > 0) {
    result_.warnings.push_back(
        "skipped " + std::to_string(result_.skipped_links) + " symbolic link(s)" +
        (options_.follow_symlinks ? " pointing outside LOCAL_DIR or into a loop"
                                  : " (--follow-symlinks follows those inside LOCAL_DIR)"));
  }
  if (result_.skipped_special > 0) {
    result_.warnings.push_back("skipped " + std::to_string(result_.skipped_special) +
                               " FIFO(s), socket(s) or device(s)");
  }
  return std::move(result_);
}

void Walker::PushDirectory(UniqueFd fd, const struct stat& st, std::string prefix) {
  const std::string shown = prefix.empty() ? "." : prefix.substr(0, prefix.size() - 1);
  const int dup_fd = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, 0);
  DIR* dir = dup_fd >= 0 ? ::fdopendir(dup_fd) : nullptr;
  if (dir == nullptr) {
    const int saved = errno;
    if (dup_fd >= 0) ::close(dup_fd);
    return Unreadable(shown, "open directory", saved);
  }
  std::vector<Entry> entries;
  errno = 0;
  while (const dirent* d = ::readdir(dir)) {
    if (std::strcmp(d->d_name, ".") != 0 && std::strcmp(d->d_name, "..") != 0) {
      Classify(fd.get(), prefix, d->d_name, entries);
    }
    errno = 0;
  }
  const int read_errno = errno;
  ::closedir(dir);
  if (read_errno != 0) return Unreadable(shown, "read directory", read_errno);
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.sort_key < b.sort_key; });
  stack_.push_back(Frame{.fd = std::move(fd),
                         .prefix = std::move(prefix),
                         .device = st.st_dev,
                         .inode = st.st_ino,
                         .entries = std::move(entries)});
}

void Walker::Classify(int dir_fd, const std::string& prefix, const char* name,
                      std::vector<Entry>& out) {
  const std::string path = prefix + name;
  if (!IsValidUtf8(name)) {
    ++result_.skipped_names;
    result_.warnings.push_back("skipped " + EscapeName(path) + ": name is not valid UTF-8");
    return;
  }
  Entry entry{.sort_key = name, .kind = EntryKind::kFile, .st = {}};
  if (::fstatat(dir_fd, name, &entry.st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno != ENOENT) Unreadable(path, "stat", errno);  // ENOENT: removed since readdir
    return;
  }
  if (S_ISLNK(entry.st.st_mode) && !ClassifyLink(dir_fd, path, name, entry)) return;
  if (S_ISDIR(entry.st.st_mode)) {
    entry.sort_key += '/';
    if (entry.kind != EntryKind::kFollowedDirectory) entry.kind = EntryKind::kDirectory;
  } else if (!S_ISREG(entry.st.st_mode)) {
    ++result_.skipped_special;
    return;
  }
  out.push_back(std::move(entry));
}

// Replaces entry.st with the link target's when the link may be followed; false to skip it.
bool Walker::ClassifyLink(int dir_fd, const std::string& path, const char* name, Entry& entry) {
  if (!options_.follow_symlinks) {
    ++result_.skipped_links;
    return false;
  }
  char resolved[PATH_MAX];
  const std::string full = root_real_ + "/" + path;
  const bool inside = ::realpath(full.c_str(), resolved) != nullptr &&
                      std::strncmp(resolved, root_real_.c_str(), root_real_.size()) == 0 &&
                      resolved[root_real_.size()] == '/';
  if (!inside || ::fstatat(dir_fd, name, &entry.st, 0) != 0) {
    ++result_.skipped_links;  // dangling, or pointing outside LOCAL_DIR
    return false;
  }
  if (S_ISDIR(entry.st.st_mode)) entry.kind = EntryKind::kFollowedDirectory;
  return true;
}

void Walker::Visit(Frame& frame, Entry& entry) {
  if (entry.kind == EntryKind::kFile) return AddFile(frame.prefix + entry.sort_key, entry.st);
  std::string prefix = frame.prefix + entry.sort_key;  // ends in '/'
  const std::string shown = prefix.substr(0, prefix.size() - 1);
  for (const Frame& ancestor : stack_) {
    if (ancestor.device == entry.st.st_dev && ancestor.inode == entry.st.st_ino) {
      ++result_.skipped_links;  // only a followed link can lead back to an ancestor
      return;
    }
  }
  int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
  if (entry.kind == EntryKind::kDirectory) flags |= O_NOFOLLOW;
  UniqueFd fd(::openat(frame.fd.get(), shown.substr(frame.prefix.size()).c_str(), flags));
  if (fd.get() < 0) return Unreadable(shown, "open directory", errno);
  const struct stat st = entry.st;
  PushDirectory(std::move(fd), st, std::move(prefix));
}

void Walker::AddFile(std::string path, const struct stat& st) {
  ++result_.files_seen;
  if (options_.on_progress && result_.files_seen % kScanProgressInterval == 0) {
    options_.on_progress(result_.files_seen);
  }
  if (options_.filter != nullptr && !options_.filter->Includes(path)) {
    ++result_.excluded;
    return;
  }
  result_.files.push_back(
      LocalFile{.path = std::move(path),
                .size = static_cast<std::uint64_t>(st.st_size),
                .mtime_ns = std::int64_t{st.st_mtim.tv_sec} * kNanosPerSecond + st.st_mtim.tv_nsec,
                .ctime_ns = std::int64_t{st.st_ctim.tv_sec} * kNanosPerSecond + st.st_ctim.tv_nsec,
                .inode = static_cast<std::uint64_t>(st.st_ino),
                .device = static_cast<std::uint64_t>(st.st_dev)});
}

void Walker::Unreadable(std::string path, const char* what, int errno_value) {
  result_.warnings.push_back("cannot " + std::string(what) + " " + path + ": " +
                             ErrnoText(errno_value) + "; its remote keys will not be deleted");
  result_.unreadable.push_back(std::move(path));
}

}  // namespace

Result<ScanResult> ScanLocal(const ScanOptions& options) {
  const std::string& dir = options.local_dir;
  const std::string refusing =
      "; refusing to sync (nothing would be uploaded and --delete would empty the mirror)";
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno == ENOENT)
      return Fail(ErrorKind::kSafety, "LOCAL_DIR " + dir + " is missing" + refusing);
    return Fail(ErrorKind::kLocalIo, "cannot stat LOCAL_DIR " + dir + ": " + ErrnoText(errno));
  }
  if (!S_ISDIR(st.st_mode)) {
    return Fail(ErrorKind::kSafety, "LOCAL_DIR " + dir + " is not a directory" + refusing);
  }
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  char resolved[PATH_MAX];
  if (fd.get() < 0 || ::realpath(dir.c_str(), resolved) == nullptr) {
    return Fail(ErrorKind::kLocalIo, "cannot open LOCAL_DIR " + dir + ": " + ErrnoText(errno));
  }
  std::string root_real = resolved;
  if (root_real == "/") root_real.clear();  // so that root_real + "/" is a proper prefix
  Walker walker(options, std::move(root_real));
  return walker.Run(std::move(fd), st);
}

}  // namespace s3mirror::sync
