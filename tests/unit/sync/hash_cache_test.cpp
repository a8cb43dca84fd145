#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <fstream>

#include "support/temp_dir.h"
#include "sync/hash_cache.h"
#include "util/crypto.h"

namespace s3mirror::sync {
namespace {

LocalFile File(std::string path, std::uint64_t size, std::int64_t mtime, std::uint64_t inode) {
  return LocalFile{.path = std::move(path),
                   .size = size,
                   .mtime_ns = mtime,
                   .ctime_ns = mtime + 1,
                   .inode = inode};
}

FileDigest DigestOf(std::string_view content) {
  return FileDigest{.md5 = ToMd5Bytes(Md5(content)), .has_md5 = true};
}

HashCache LoadOk(const std::string& path, const std::vector<LocalFile>& files) {
  Result<HashCache> cache = LoadHashCache(path, files);
  REQUIRE(cache.has_value());
  return std::move(cache).value();
}

// A cache file holding "a", "b/c" and "d" as recorded from these files.
struct SavedCache {
  testing::TempDir dir;
  std::string path = dir.Join("hash-cache");
  std::vector<LocalFile> files = {File("a", 1, 100, 7), File("b/c", 2, 200, 8),
                                  File("d", 3, 300, 9)};
  SavedCache() {
    HashCache cache(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
      cache.Record(i, StampOf(files[i]), DigestOf(files[i].path));
    }
    REQUIRE(SaveHashCache(path, files, cache).has_value());
  }
};

}  // namespace

TEST_CASE("HashCache round-trips entries through its file") {
  SavedCache saved;
  const HashCache cache = LoadOk(saved.path, saved.files);
  CHECK(cache.known_count() == 3);
  const FileDigest* digest = cache.Find(1, StampOf(saved.files[1]));
  REQUIRE(digest != nullptr);
  CHECK(digest->MatchesEtag(HexEncode(Md5("b/c"))));
  CHECK_FALSE(digest->MatchesEtag(HexEncode(Md5("a"))));
  struct stat st {};
  REQUIRE(::stat(saved.path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("HashCache invalidates an entry when size, mtime, ctime or inode change") {
  SavedCache saved;
  std::vector<LocalFile> now = saved.files;
  now[0].size += 1;
  now[1].mtime_ns += 1;
  now[2].ctime_ns += 1;
  CHECK(LoadOk(saved.path, now).known_count() == 0);
  now = saved.files;
  now[1].inode += 1;
  const HashCache cache = LoadOk(saved.path, now);
  CHECK(cache.known_count() == 2);
  CHECK(cache.Find(1, StampOf(now[1])) == nullptr);
  CHECK(cache.Find(0, StampOf(now[0])) != nullptr);
}

TEST_CASE("HashCache matches entries to this run's files by path") {
  SavedCache saved;
  const std::vector<LocalFile> now = {File("0-new", 5, 5, 5), saved.files[1], File("c", 1, 1, 1)};
  const HashCache cache = LoadOk(saved.path, now);
  CHECK(cache.known_count() == 1);
  CHECK(cache.Find(1, StampOf(now[1])) != nullptr);
}

TEST_CASE("HashCache rejects a damaged or truncated file") {
  SavedCache saved;
  std::string bytes = testing::ReadFileOrDie(saved.path);
  const auto write = [&](const std::string& content) {
    std::ofstream(saved.path, std::ios::binary | std::ios::trunc) << content;
  };
  SECTION("one flipped byte") {
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x01);
    write(bytes);
  }
  SECTION("cut short") { write(bytes.substr(0, bytes.size() - 5)); }
  SECTION("cut in the middle of an entry") { write(bytes.substr(0, 30)); }
  SECTION("wrong header") { write("garbage" + bytes.substr(7)); }
  SECTION("trailing bytes") { write(bytes + "x"); }
  Result<HashCache> cache = LoadHashCache(saved.path, saved.files);
  REQUIRE_FALSE(cache.has_value());
  CHECK(cache.error().kind == ErrorKind::kLocalIo);
  CHECK(cache.error().message.find("damaged") != std::string::npos);
}

TEST_CASE("HashCache starts empty when there is no file yet") {
  testing::TempDir dir;
  const HashCache cache = LoadOk(dir.Join("none"), {File("a", 1, 1, 1)});
  CHECK(cache.file_count() == 1);
  CHECK(cache.known_count() == 0);
}

TEST_CASE("HashCache keeps multipart ETags and merges digests of the same version") {
  testing::TempDir dir;
  const std::vector<LocalFile> files = {File("big.pdf", 100, 1, 1)};
  HashCache cache(1);
  const FileDigest multipart{.multipart_md5 = ToMd5Bytes(Md5("parts")), .parts = 3};
  cache.Record(0, StampOf(files[0]), multipart);
  cache.Record(0, StampOf(files[0]), DigestOf("whole"));
  REQUIRE(SaveHashCache(dir.Join("c"), files, cache).has_value());
  const HashCache loaded = LoadOk(dir.Join("c"), files);
  const FileDigest* digest = loaded.Find(0, StampOf(files[0]));
  REQUIRE(digest != nullptr);
  CHECK(digest->MatchesEtag(HexEncode(Md5("parts")) + "-3"));
  CHECK_FALSE(digest->MatchesEtag(HexEncode(Md5("parts")) + "-4"));
  CHECK(digest->MatchesEtag(HexEncode(Md5("whole"))));
}

TEST_CASE("HashCache replaces the digest of a file recorded under another stamp") {
  HashCache cache(1);
  const FileStamp old_stamp{.size = 1, .mtime_ns = 1, .ctime_ns = 1, .inode = 1};
  FileStamp new_stamp = old_stamp;
  new_stamp.mtime_ns = 2;
  cache.Record(0, old_stamp, DigestOf("old"));
  cache.Record(0, new_stamp, DigestOf("new"));
  CHECK(cache.Find(0, old_stamp) == nullptr);
  REQUIRE(cache.Find(0, new_stamp) != nullptr);
  CHECK(cache.Find(0, new_stamp)->MatchesEtag(HexEncode(Md5("new"))));
}

}  // namespace s3mirror::sync
