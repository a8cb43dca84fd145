#include "util/hashed_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "support/temp_dir.h"
#include "util/crypto.h"
#include "util/file.h"

using namespace s3mirror;
using s3mirror::testing::TempDir;

namespace {

// Writes `count` little-endian u32s 0..count-1 through a HashingWriter; returns the MD5 it saw.
std::string WriteNumbers(int fd, std::uint32_t count) {
  HashingWriter out(fd);
  for (std::uint32_t i = 0; i < count; ++i) out.WriteInt(i);
  std::string md5 = out.FinishMd5();
  REQUIRE(out.Flush());
  return md5;
}

}  // namespace

TEST_CASE("HashingWriter writes little-endian integers and hashes every byte") {
  TempDir dir;
  const Fd fd(::open(dir.Join("f").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
  REQUIRE(fd.valid());
  HashingWriter out(fd.get());
  out.WriteInt(std::uint32_t{0x01020304});
  out.WriteInt(std::int64_t{-2});
  out.Write("tail");
  out.Write("unhashed", false);
  const std::string md5 = out.FinishMd5();
  REQUIRE(out.Flush());
  const std::string bytes = testing::ReadFileOrDie(dir.Join("f"));
  const std::string hashed("\x04\x03\x02\x01\xFE\xFF\xFF\xFF\xFF\xFF\xFF\xFFtail", 16);
  CHECK(bytes == hashed + "unhashed");
  CHECK(md5 == Md5(hashed));
}

TEST_CASE("HashingReader reads across buffer refills and hashes what it hands out") {
  TempDir dir;
  // 3 MiB of numbers: more than one buffer, and integers straddle the refills.
  constexpr std::uint32_t kCount = 3 * (1 << 20) / 4 + 1;
  const Fd out(::open(dir.Join("f").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
  REQUIRE(out.valid());
  REQUIRE(::write(out.get(), "x", 1) == 1);  // shifts every integer off the buffer boundary
  const std::string written_md5 = WriteNumbers(out.get(), kCount);
  const Fd fd(::open(dir.Join("f").c_str(), O_RDONLY | O_CLOEXEC));
  HashingReader in(fd.get());
  char skip = 0;
  REQUIRE(in.Read(&skip, 1, false));
  bool all_match = true;
  for (std::uint32_t i = 0; i < kCount; ++i) {
    std::uint32_t value = 0;
    all_match = all_match && in.ReadInt(value) && value == i;
  }
  CHECK(all_match);
  CHECK(in.AtEnd());
  CHECK(in.error() == 0);
  CHECK(in.FinishMd5() == written_md5);
}

TEST_CASE("HashingReader fails a read that runs past the end") {
  TempDir dir;
  dir.WriteFile("f", "abc");
  const Fd fd(::open(dir.Join("f").c_str(), O_RDONLY | O_CLOEXEC));
  HashingReader in(fd.get());
  std::uint32_t value = 0;
  CHECK_FALSE(in.ReadInt(value));
  CHECK(in.AtEnd());
  CHECK(in.error() == 0);
}

TEST_CASE("HashingReader and HashingWriter report the system's error") {
  TempDir dir;
  dir.MakeDir("d");
  const Fd directory(::open(dir.Join("d").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  HashingReader in(directory.get());
  char byte = 0;
  CHECK_FALSE(in.Read(&byte, 1));
  CHECK(in.error() == EISDIR);
  dir.WriteFile("f", "");
  const Fd read_only(::open(dir.Join("f").c_str(), O_RDONLY | O_CLOEXEC));
  HashingWriter out(read_only.get());
  out.Write("x");
  CHECK_FALSE(out.Flush());
  CHECK(out.error() == EBADF);
}

TEST_CASE("HashingWriter passes a piece larger than its buffer straight through, in order") {
  TempDir dir;
  const Fd fd(::open(dir.Join("f").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
  HashingWriter out(fd.get());
  const std::string big(kHashedFileBuffer + 10, 'b');
  out.Write("head");
  out.Write(big);
  out.Write("tail");
  const std::string md5 = out.FinishMd5();
  REQUIRE(out.Flush());
  CHECK(testing::ReadFileOrDie(dir.Join("f")) == "head" + big + "tail");
  CHECK(md5 == Md5("head" + big + "tail"));
}

TEST_CASE("HashingReader reads lines across buffer refills, the last one without a newline") {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "line number " + std::to_string(i) + "\n";
  text += "\nlast";  // an empty line, then one with no newline
  dir.WriteFile("f", text);
  const Fd fd(::open(dir.Join("f").c_str(), O_RDONLY | O_CLOEXEC));
  HashingReader in(fd.get());
  std::string line;
  bool all_match = true;
  for (int i = 0; i < 100000; ++i) {
    all_match = all_match && in.ReadLine(line) && line == "line number " + std::to_string(i);
  }
  CHECK(all_match);
  REQUIRE(in.ReadLine(line));
  CHECK(line.empty());
  REQUIRE(in.ReadLine(line));
  CHECK(line == "last");
  CHECK_FALSE(in.ReadLine(line));
  CHECK(in.FinishMd5() == Md5(text));
}
