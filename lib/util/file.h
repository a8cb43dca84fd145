// Small file-system edges: an owning file descriptor, whole-file reads, atomic replacement and
// mkdir -p. Errors are kLocalIo with the path and the system's reason.
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

// mkdir -p: creates `path` and missing parents with `mode` (subject to the umask). Existing
// directories are fine; an existing non-directory is kLocalIo.
Status MakeDirs(const std::string& path, mode_t mode);

}  // namespace s3mirror
