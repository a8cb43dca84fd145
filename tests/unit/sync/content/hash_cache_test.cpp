#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <fstream>

#include "support/temp_dir.h"
#include "sync/content/hash_cache.h"
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
    HashCache cache(files);
    for (std::size_t i = 0; i < files.size(); ++i) {
      cache.Record(i, StampOf(files[i]), DigestOf(files[i].path));
    }
    REQUIRE(SaveHashCache(path, files, cache).has_value());
  }
};

template <typename T>
std::string LittleEndian(T value) {
  std::string out;
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    out += static_cast<char>((static_cast<std::uint64_t>(value) >> (8 * i)) & 0xFF);
  }
  return out;
}

// The layout of hash_cache.h, built by hand: "a" with an MD5 (and, when `upload_etag`, the ETag
// "kms-etag" its upload got back), "b" with a multipart digest only, both under the stamps of
// File("a", 1, 100, 7) and File("b", 2, 200, 8).
std::string CacheFile(std::uint32_t version, bool upload_etag = false) {
  std::string out =
      "S3MHASH\n" + LittleEndian<std::uint32_t>(version) + LittleEndian<std::uint32_t>(0);
  out += LittleEndian<std::uint32_t>(1) + "a" + LittleEndian<std::uint64_t>(1) +
         LittleEndian<std::int64_t>(100) + LittleEndian<std::int64_t>(101) +
         LittleEndian<std::uint64_t>(7) + (upload_etag ? '\x05' : '\x01') + Md5("a");
  if (upload_etag) out += Md5("kms-etag") + LittleEndian<std::uint32_t>(0) + '\x00';
  out += LittleEndian<std::uint32_t>(1) + "b" + LittleEndian<std::uint64_t>(2) +
         LittleEndian<std::int64_t>(200) + LittleEndian<std::int64_t>(201) +
         LittleEndian<std::uint64_t>(8) + '\x02' + Md5("b parts") + LittleEndian<std::uint32_t>(4);
  out += "END!" + LittleEndian<std::uint64_t>(2);
  return out + Md5(out);
}

}  // namespace

TEST_CASE("HashCache reads the version 1 layout and writes it again as version 2") {
  testing::TempDir dir;
  const std::vector<LocalFile> files = {File("a", 1, 100, 7), File("b", 2, 200, 8)};
  std::ofstream(dir.Join("old"), std::ios::binary) << CacheFile(1);
  const HashCache loaded = LoadOk(dir.Join("old"), files);
  CHECK(loaded.known_count() == 2);
  CHECK(loaded.Find(0, StampOf(files[0]))->MatchesEtag(HexEncode(Md5("a"))));
  CHECK(loaded.Find(1, StampOf(files[1]))->MatchesEtag(HexEncode(Md5("b parts")) + "-4"));
  REQUIRE(SaveHashCache(dir.Join("new"), files, loaded).has_value());
  CHECK(testing::ReadFileOrDie(dir.Join("new")) == CacheFile(2));
}

TEST_CASE("HashCache reads and writes an upload's ETag byte for byte") {
  testing::TempDir dir;
  const std::vector<LocalFile> files = {File("a", 1, 100, 7), File("b", 2, 200, 8)};
  HashCache cache(files);
  FileDigest a = DigestOf("a");
  a.upload_etag = "\"kms-etag\"";
  cache.Record(0, StampOf(files[0]), a);
  cache.Record(1, StampOf(files[1]),
               FileDigest{.multipart_md5 = ToMd5Bytes(Md5("b parts")), .parts = 4});
  REQUIRE(SaveHashCache(dir.Join("cache"), files, cache).has_value());
  CHECK(testing::ReadFileOrDie(dir.Join("cache")) == CacheFile(2, true));
  const HashCache loaded = LoadOk(dir.Join("cache"), files);
  const std::optional<FileDigest> found = loaded.Find(0, StampOf(files[0]));
  REQUIRE(found.has_value());
  CHECK(found->MatchesEtag("kms-etag"));
  CHECK(found->MatchesEtag(HexEncode(Md5("a"))));
  CHECK_FALSE(found->MatchesEtag("other-etag"));
}

TEST_CASE("HashCache round-trips entries through its file") {
  SavedCache saved;
  const HashCache cache = LoadOk(saved.path, saved.files);
  CHECK(cache.known_count() == 3);
  const std::optional<FileDigest> digest = cache.Find(1, StampOf(saved.files[1]));
  REQUIRE(digest.has_value());
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
  CHECK_FALSE(cache.Find(1, StampOf(now[1])));
  CHECK(cache.Find(0, StampOf(now[0])));
}

TEST_CASE("HashCache matches entries to this run's files by path") {
  SavedCache saved;
  const std::vector<LocalFile> now = {File("0-new", 5, 5, 5), saved.files[1], File("c", 1, 1, 1)};
  const HashCache cache = LoadOk(saved.path, now);
  CHECK(cache.known_count() == 1);
  CHECK(cache.Find(1, StampOf(now[1])));
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
  const std::vector<LocalFile> files = {File("a", 1, 1, 1)};
  const HashCache cache = LoadOk(dir.Join("none"), files);
  CHECK(cache.file_count() == 1);
  CHECK(cache.known_count() == 0);
}

TEST_CASE("HashCache keeps multipart ETags and merges digests of the same version") {
  testing::TempDir dir;
  const std::vector<LocalFile> files = {File("big.pdf", 100, 1, 1)};
  HashCache cache(files);
  const FileDigest multipart{.multipart_md5 = ToMd5Bytes(Md5("parts")), .parts = 3};
  cache.Record(0, StampOf(files[0]), multipart);
  cache.Record(0, StampOf(files[0]), DigestOf("whole"));
  REQUIRE(SaveHashCache(dir.Join("c"), files, cache).has_value());
  const HashCache loaded = LoadOk(dir.Join("c"), files);
  const std::optional<FileDigest> digest = loaded.Find(0, StampOf(files[0]));
  REQUIRE(digest.has_value());
  CHECK(digest->MatchesEtag(HexEncode(Md5("parts")) + "-3"));
  CHECK_FALSE(digest->MatchesEtag(HexEncode(Md5("parts")) + "-4"));
  CHECK(digest->MatchesEtag(HexEncode(Md5("whole"))));
}

TEST_CASE("HashCache replaces the digest of a file recorded under another stamp") {
  const std::vector<LocalFile> files = {File("a", 1, 1, 1)};
  HashCache cache(files);
  const FileStamp old_stamp{.size = 1, .mtime_ns = 5, .ctime_ns = 5, .inode = 1};
  FileStamp new_stamp = old_stamp;
  new_stamp.mtime_ns = 6;
  cache.Record(0, old_stamp, DigestOf("old"));
  cache.Record(0, new_stamp, DigestOf("new"));
  CHECK_FALSE(cache.Find(0, old_stamp));
  REQUIRE(cache.Find(0, new_stamp));
  CHECK(cache.Find(0, new_stamp)->MatchesEtag(HexEncode(Md5("new"))));
  CHECK(cache.known_count() == 1);
}

TEST_CASE("HashCache never trusts a digest recorded after the scan for the scanned version") {
  const std::vector<LocalFile> files = {File("a", 1, 100, 7)};
  HashCache cache(files);
  FileStamp later = StampOf(files[0]);
  later.mtime_ns += 1;  // the file changed between the scan and the hash
  cache.Record(0, later, DigestOf("later"));
  CHECK_FALSE(cache.Find(0, StampOf(files[0])));
  REQUIRE(cache.Find(0, later));
  CHECK(cache.Find(0, later)->MatchesEtag(HexEncode(Md5("later"))));
  CHECK(cache.known_count() == 1);
}

TEST_CASE("HashCache drops the scanned version's digest when a later version is recorded") {
  const std::vector<LocalFile> files = {File("big.pdf", 100, 100, 7)};
  HashCache cache(files);
  cache.Record(0, StampOf(files[0]),
               FileDigest{.multipart_md5 = ToMd5Bytes(Md5("parts")), .parts = 2});
  FileStamp later = StampOf(files[0]);
  later.ctime_ns += 1;
  cache.Record(0, later, DigestOf("later"));
  CHECK_FALSE(cache.Find(0, StampOf(files[0])));
  // Back to the scanned stamp: the later version is forgotten, the multipart part is not back.
  cache.Record(0, StampOf(files[0]), DigestOf("scanned"));
  CHECK_FALSE(cache.Find(0, later));
  const std::optional<FileDigest> digest = cache.Find(0, StampOf(files[0]));
  REQUIRE(digest.has_value());
  CHECK(digest->MatchesEtag(HexEncode(Md5("scanned"))));
  CHECK(digest->parts == 0);
  CHECK(cache.known_count() == 1);
}

TEST_CASE("HashCache saves a digest recorded after the scan under its own stamp") {
  testing::TempDir dir;
  const std::vector<LocalFile> files = {File("a", 1, 100, 7), File("b", 2, 200, 8)};
  HashCache cache(files);
  LocalFile changed = files[0];
  changed.mtime_ns += 10;  // how the next run scans "a"
  cache.Record(0, StampOf(changed), DigestOf("a, changed"));
  cache.Record(1, StampOf(files[1]), DigestOf("b"));
  REQUIRE(SaveHashCache(dir.Join("c"), files, cache).has_value());
  CHECK_FALSE(LoadOk(dir.Join("c"), files).Find(0, StampOf(files[0])));
  const std::vector<LocalFile> next_scan = {changed, files[1]};
  const HashCache loaded = LoadOk(dir.Join("c"), next_scan);
  CHECK(loaded.known_count() == 2);
  const std::optional<FileDigest> digest = loaded.Find(0, StampOf(changed));
  REQUIRE(digest.has_value());
  CHECK(digest->MatchesEtag(HexEncode(Md5("a, changed"))));
}

TEST_CASE("HashCache round-trips single-part, multipart-only and mixed entries") {
  testing::TempDir dir;
  const std::vector<LocalFile> files = {File("a", 1, 1, 1), File("b", 2, 2, 2), File("c", 3, 3, 3),
                                        File("d", 4, 4, 4)};
  HashCache cache(files);
  const FileDigest multipart{.multipart_md5 = ToMd5Bytes(Md5("b parts")), .parts = 7};
  cache.Record(0, StampOf(files[0]), DigestOf("a"));
  cache.Record(1, StampOf(files[1]), multipart);
  cache.Record(2, StampOf(files[2]), DigestOf("c"));
  cache.Record(2, StampOf(files[2]),
               FileDigest{.multipart_md5 = ToMd5Bytes(Md5("c parts")), .parts = 2});
  REQUIRE(SaveHashCache(dir.Join("c"), files, cache).has_value());
  const HashCache loaded = LoadOk(dir.Join("c"), files);
  CHECK(loaded.known_count() == 3);
  CHECK(loaded.Find(0, StampOf(files[0]))->MatchesEtag(HexEncode(Md5("a"))));
  CHECK(loaded.Find(0, StampOf(files[0]))->parts == 0);
  const std::optional<FileDigest> b = loaded.Find(1, StampOf(files[1]));
  REQUIRE(b.has_value());
  CHECK_FALSE(b->has_md5);
  CHECK(b->MatchesEtag(HexEncode(Md5("b parts")) + "-7"));
  const std::optional<FileDigest> c = loaded.Find(2, StampOf(files[2]));
  REQUIRE(c.has_value());
  CHECK(c->MatchesEtag(HexEncode(Md5("c")) + ""));
  CHECK(c->MatchesEtag(HexEncode(Md5("c parts")) + "-2"));
  CHECK_FALSE(loaded.Find(3, StampOf(files[3])));
}

TEST_CASE("HashCache ignores records for indexes beyond its files") {
  const std::vector<LocalFile> files = {File("a", 1, 1, 1)};
  HashCache cache(files);
  cache.Record(5, StampOf(files[0]), DigestOf("a"));
  CHECK(cache.known_count() == 0);
  CHECK_FALSE(cache.Find(5, StampOf(files[0])));
  CHECK_FALSE(cache.EntryAt(5));
}

}  // namespace s3mirror::sync
