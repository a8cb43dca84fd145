// Small file-system edges: an owning file descriptor, whole-file reads, atomic replacement (whole
// or streamed) and mkdir -p. Errors are kLocalIo with the path and the system's reason.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace s3mirror {

// Owns a file descriptor and closes it on destruction. Move-only.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release();            // gives up ownership; returns the descriptor
  void reset(int fd = -1);  // closes the current descriptor, owns `fd`

 private:
  int fd_ = -1;
};

// The whole file. kLocalIo "cannot read PATH: REASON".
Result<std::string> ReadFile(const std::string& path);

// Like ReadFile, but a missing file (ENOENT, or a missing parent directory) is nullopt, not an
// error; other failures (permission denied, a directory) are still kLocalIo.
Result<std::optional<std::string>> ReadFileIfExists(const std::string& path);

// Replaces `path` with `contents` atomically: writes a temporary file in the same directory with
// permissions `mode` (not reduced by the umask), fsyncs it, renames it over `path` and fsyncs the
// directory. Readers see the old or the new contents, never a mix. The temporary file is removed
// on failure.
Status WriteFileAtomic(const std::string& path, std::string_view contents, mode_t mode);

// A file replaced atomically, like WriteFileAtomic, but written through fd() piece by piece:
// Create makes a temporary file next to `path` with exactly `mode`; Commit fsyncs it, renames it
// over `path` and fsyncs the directory. Readers see the old or the new file, never a mix. The
// temporary file is removed when Commit fails or is never called. Errors are kLocalIo. Move-only.
// kUnique temporaries (PATH.tmp.PID.N) let processes write the same path at once; kFixed (PATH.tmp,
// replaced when present) is for files one process writes at a time, so that a process killed
// mid-write leaves at most one stray temporary, replaced by the next write, however many times.
enum class Temporary { kUnique, kFixed };
class AtomicFile {
 public:
  static Result<AtomicFile> Create(const std::string& path, mode_t mode,
                                   Temporary temporary = Temporary::kUnique);
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  ~AtomicFile();

  int fd() const { return fd_.get(); }
  Status Commit();

 private:
  AtomicFile(std::string path, std::string temporary, Fd fd)
      : path_(std::move(path)), temporary_(std::move(temporary)), fd_(std::move(fd)) {}
  std::string path_;
  std::string temporary_;  // empty once committed or moved from
  Fd fd_;
};

// mkdir -p: creates `path` and missing parents with `mode` (subject to the umask). Existing
// directories are fine; an existing non-directory is kLocalIo.
Status MakeDirs(const std::string& path, mode_t mode);

}  // namespace s3mirror
