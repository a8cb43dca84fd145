#include "support/temp_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

namespace s3mirror::testing {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "test fixture: %s: %s\n", what.c_str(), std::strerror(errno));
  std::abort();
}

void MakeParents(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  if (error) Die("mkdir -p " + path);
}

}  // namespace

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/s3mirror-test-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) Die("mkdtemp " + pattern);
  path_ = pattern;
}

TempDir::~TempDir() { RemoveTree(path_); }

std::string TempDir::Join(std::string_view relative) const {
  return path_ + "/" + std::string(relative);
}

void TempDir::WriteFile(std::string_view relative, std::string_view content) const {
  const std::string full = Join(relative);
  MakeParents(full);
  std::ofstream out(full, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) Die("write " + full);
}

void TempDir::MakeDir(std::string_view relative) const {
  std::error_code error;
  std::filesystem::create_directories(Join(relative), error);
  if (error) Die("mkdir " + Join(relative));
}

void TempDir::Symlink(std::string_view target, std::string_view relative) const {
  const std::string full = Join(relative);
  MakeParents(full);
  if (::symlink(std::string(target).c_str(), full.c_str()) != 0) Die("symlink " + full);
}

void TempDir::MakeFifo(std::string_view relative) const {
  const std::string full = Join(relative);
  MakeParents(full);
  if (::mkfifo(full.c_str(), 0600) != 0) Die("mkfifo " + full);
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void RemoveTree(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;
  if (!S_ISDIR(st.st_mode)) {
    ::unlink(path.c_str());
    return;
  }
  ::chmod(path.c_str(), 0700);  // tests may have made it unreadable
  std::error_code error;
  std::vector<std::string> children;
  for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
    children.push_back(entry.path().string());
  }
  for (const std::string& child : children) RemoveTree(child);
  ::rmdir(path.c_str());
}

}  // namespace s3mirror::testing
