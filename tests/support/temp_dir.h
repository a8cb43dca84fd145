// TempDir: a fresh directory under $TMPDIR (or /tmp) for one test, removed with everything in it
// when the object goes away. The helpers create files, directories, links and FIFOs by relative
// path, creating parent directories as needed; they abort the test program on failure (a broken
// fixture must not look like a passing test).
#pragma once

#include <string>
#include <string_view>

namespace s3mirror::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + relative
  std::string Join(std::string_view relative) const;

  void WriteFile(std::string_view relative, std::string_view content) const;
  void MakeDir(std::string_view relative) const;
  void Symlink(std::string_view target, std::string_view relative) const;
  void MakeFifo(std::string_view relative) const;

 private:
  std::string path_;
};

// Reads a whole file; aborts when it cannot.
std::string ReadFileOrDie(const std::string& path);

// Removes `path` and everything below it (no symlinks followed). Missing paths are fine.
void RemoveTree(const std::string& path);

}  // namespace s3mirror::testing
