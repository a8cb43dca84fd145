#include "sync/headers/header_record.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <string>

#include "support/temp_dir.h"
#include "util/crypto.h"
#include "util/file.h"

namespace s3mirror::sync {
namespace {

template <typename T>
std::string LittleEndian(T value) {
  std::string out;
  for (std::size_t i = 0; i < sizeof(T); ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
  return out;
}

// The version 1 layout of header_record.h, built by hand.
std::string Version1File() {
  std::string out = "S3MHDRS\n" + LittleEndian<std::uint32_t>(1) + LittleEndian<std::uint32_t>(1) +
                    "b" + LittleEndian<std::uint64_t>(9);
  out += LittleEndian<std::uint32_t>(1) + "a" + LittleEndian<std::uint64_t>(11);
  out += LittleEndian<std::uint32_t>(3) + "b/c" + LittleEndian<std::uint64_t>(33);
  out += "END!" + LittleEndian<std::uint64_t>(2);
  return out + Md5(out);
}

const std::vector<LocalFile> kFiles = {{.path = "a"}, {.path = "b"}, {.path = "b/c"}};

}  // namespace

TEST_CASE("The header record file keeps the version 1 layout byte for byte") {
  testing::TempDir dir;
  const std::string path = dir.Join("x.headers");
  REQUIRE(SaveHeaderRecord(
      path, kFiles, {.fingerprints = {11, 0, 33}, .audit_cursor = "b", .settings_fingerprint = 9}));
  CHECK(testing::ReadFileOrDie(path) == Version1File());
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  Result<HeaderRecord> loaded = LoadHeaderRecord(path, kFiles);
  REQUIRE(loaded);
  CHECK(loaded->fingerprints == std::vector<std::uint64_t>{11, 0, 33});
  CHECK(loaded->audit_cursor == "b");
  CHECK(loaded->settings_fingerprint == 9);
}

TEST_CASE("A header record cut anywhere, flipped anywhere or extended is rejected") {
  testing::TempDir dir;
  const std::string path = dir.Join("x.headers");
  const std::string good = Version1File();
  std::size_t accepted = 0;
  for (std::size_t length = 0; length < good.size(); ++length) {
    REQUIRE(WriteFileAtomic(path, good.substr(0, length), 0600));
    if (LoadHeaderRecord(path, kFiles)) ++accepted;
  }
  for (std::size_t i = 0; i < good.size(); ++i) {
    std::string damaged = good;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x20);
    REQUIRE(WriteFileAtomic(path, damaged, 0600));
    if (LoadHeaderRecord(path, kFiles)) ++accepted;
  }
  CHECK(accepted == 0);
  REQUIRE(WriteFileAtomic(path, good + "x", 0600));
  Result<HeaderRecord> extended = LoadHeaderRecord(path, kFiles);
  REQUIRE_FALSE(extended);
  CHECK(extended.error().kind == ErrorKind::kLocalIo);
  CHECK(extended.error().message.find("is damaged (trailing bytes)") != std::string::npos);
  // Inside the last entry, before the trailer.
  REQUIRE(WriteFileAtomic(path, good.substr(0, good.size() - 30), 0600));
  Result<HeaderRecord> cut = LoadHeaderRecord(path, kFiles);
  REQUIRE_FALSE(cut);
  CHECK(cut.error().message.find("is damaged (truncated)") != std::string::npos);
}

TEST_CASE("A header record that cannot be read or written names the path") {
  testing::TempDir dir;
  dir.MakeDir("x.headers");
  Result<HeaderRecord> loaded = LoadHeaderRecord(dir.Join("x.headers"), kFiles);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().kind == ErrorKind::kLocalIo);
  CHECK(loaded.error().message.find("cannot read header record") != std::string::npos);
  const Status saved = SaveHeaderRecord(dir.Join("missing/x.headers"), kFiles, {});
  REQUIRE_FALSE(saved);
  CHECK(saved.error().message.find(dir.Join("missing/x.headers")) != std::string::npos);
}

}  // namespace s3mirror::sync
