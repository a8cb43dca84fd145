#include "util/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "support/temp_dir.h"

using namespace s3mirror;
using s3mirror::testing::TempDir;

namespace {

unsigned ModeOf(const std::string& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return static_cast<unsigned>(info.st_mode) & 07777u;
}

size_t EntriesIn(const std::string& dir) {
  size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++count;
  return count;
}

}  // namespace

TEST_CASE("Fd closes its descriptor when it goes away and can hand it over") {
  TempDir dir;
  dir.WriteFile("f", "x");
  int raw = -1;
  {
    Fd fd(::open(dir.Join("f").c_str(), O_RDONLY));
    REQUIRE(fd.valid());
    raw = fd.get();
    Fd moved(std::move(fd));
    CHECK_FALSE(fd.valid());
    CHECK(moved.get() == raw);
  }
  CHECK(::fcntl(raw, F_GETFD) == -1);
  Fd kept(::open(dir.Join("f").c_str(), O_RDONLY));
  const int released = kept.release();
  CHECK_FALSE(kept.valid());
  CHECK(::fcntl(released, F_GETFD) != -1);
  ::close(released);
}

TEST_CASE("ReadFile returns the whole contents including binary bytes") {
  TempDir dir;
  std::string contents(200000, 'x');
  contents[5] = '\0';
  dir.WriteFile("big", contents);
  const Result<std::string> read = ReadFile(dir.Join("big"));
  REQUIRE(read);
  CHECK(*read == contents);
}

TEST_CASE("ReadFile names the path and the reason when it fails") {
  TempDir dir;
  const Result<std::string> read = ReadFile(dir.Join("missing"));
  REQUIRE_FALSE(read);
  CHECK(read.error().kind == ErrorKind::kLocalIo);
  CHECK(read.error().message ==
        "cannot read " + dir.Join("missing") + ": No such file or directory");
}

TEST_CASE("ReadFileIfExists tells a missing file apart from an unreadable one") {
  TempDir dir;
  const Result<std::optional<std::string>> missing = ReadFileIfExists(dir.Join("no/such/file"));
  REQUIRE(missing);
  CHECK_FALSE(missing->has_value());
  dir.MakeDir("subdir");
  const Result<std::optional<std::string>> directory = ReadFileIfExists(dir.Join("subdir"));
  REQUIRE_FALSE(directory);
  CHECK(directory.error().kind == ErrorKind::kLocalIo);
}

TEST_CASE("WriteFileAtomic replaces the file with the exact mode and leaves no temporary") {
  TempDir dir;
  dir.WriteFile("state.json", "old contents that are longer");
  const mode_t old_umask = ::umask(077);
  const Status written = WriteFileAtomic(dir.Join("state.json"), "new", 0644);
  ::umask(old_umask);
  REQUIRE(written);
  CHECK(ReadFile(dir.Join("state.json")).value() == "new");
  CHECK(ModeOf(dir.Join("state.json")) == 0644);
  CHECK(EntriesIn(dir.path()) == 1);
  REQUIRE(WriteFileAtomic(dir.Join("secret"), "s", 0600));
  CHECK(ModeOf(dir.Join("secret")) == 0600);
}

TEST_CASE("WriteFileAtomic fails cleanly when the directory does not exist") {
  TempDir dir;
  const Status written = WriteFileAtomic(dir.Join("missing/state.json"), "x", 0644);
  REQUIRE_FALSE(written);
  CHECK(written.error().kind == ErrorKind::kLocalIo);
  CHECK(written.error().message.find(dir.Join("missing/state.json")) != std::string::npos);
}

TEST_CASE("WriteFileAtomic removes its temporary file when the rename fails") {
  TempDir dir;
  dir.MakeDir("target_is_a_dir/child");
  const Status written = WriteFileAtomic(dir.Join("target_is_a_dir"), "x", 0644);
  REQUIRE_FALSE(written);
  CHECK(EntriesIn(dir.path()) == 1);
}

TEST_CASE("MakeDirs creates missing parents and accepts existing directories") {
  TempDir dir;
  REQUIRE(MakeDirs(dir.Join("a/b/c"), 0755));
  CHECK(std::filesystem::is_directory(dir.Join("a/b/c")));
  CHECK(MakeDirs(dir.Join("a/b/c"), 0755));
  CHECK(MakeDirs(dir.Join("a//b/c/"), 0755));
}

TEST_CASE("MakeDirs fails when a file is in the way") {
  TempDir dir;
  dir.WriteFile("a/file", "x");
  const Status made = MakeDirs(dir.Join("a/file/b"), 0755);
  REQUIRE_FALSE(made);
  CHECK(made.error().kind == ErrorKind::kLocalIo);
  CHECK_FALSE(MakeDirs(dir.Join("a/file"), 0755));
}

TEST_CASE("AtomicFile shows nothing at the path until it is committed") {
  TempDir dir;
  dir.WriteFile("record", "old");
  Result<AtomicFile> file = AtomicFile::Create(dir.Join("record"), 0600);
  REQUIRE(file);
  REQUIRE(::write(file->fd(), "new ", 4) == 4);
  REQUIRE(::write(file->fd(), "bytes", 5) == 5);
  CHECK(ReadFile(dir.Join("record")).value() == "old");
  REQUIRE(file->Commit());
  CHECK(ReadFile(dir.Join("record")).value() == "new bytes");
  CHECK(ModeOf(dir.Join("record")) == 0600);
  CHECK(EntriesIn(dir.path()) == 1);
  CHECK_FALSE(file->Commit());
}

TEST_CASE("AtomicFile removes its temporary file when it is never committed") {
  TempDir dir;
  {
    Result<AtomicFile> file = AtomicFile::Create(dir.Join("record"), 0600);
    REQUIRE(file);
    REQUIRE(::write(file->fd(), "half", 4) == 4);
    CHECK(EntriesIn(dir.path()) == 1);
  }
  CHECK(EntriesIn(dir.path()) == 0);
}

TEST_CASE("AtomicFile fails cleanly when the rename or the create fails") {
  TempDir dir;
  dir.MakeDir("target_is_a_dir/child");
  Result<AtomicFile> file = AtomicFile::Create(dir.Join("target_is_a_dir"), 0600);
  REQUIRE(file);
  const Status committed = file->Commit();
  REQUIRE_FALSE(committed);
  CHECK(committed.error().kind == ErrorKind::kLocalIo);
  CHECK(EntriesIn(dir.path()) == 2);  // the directory and the still-open temporary
  Result<AtomicFile> missing = AtomicFile::Create(dir.Join("missing/record"), 0600);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.find(dir.Join("missing/record")) != std::string::npos);
}

TEST_CASE("AtomicFile with a fixed temporary replaces one left by an interrupted write") {
  TempDir dir;
  dir.WriteFile("record.tmp", "left by a killed process, longer than the new contents");
  Result<AtomicFile> file = AtomicFile::Create(dir.Join("record"), 0600, Temporary::kFixed);
  REQUIRE(file);
  REQUIRE(::write(file->fd(), "new", 3) == 3);
  REQUIRE(file->Commit());
  CHECK(ReadFile(dir.Join("record")).value() == "new");
  CHECK(EntriesIn(dir.path()) == 1);
}
