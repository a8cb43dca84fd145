#include <catch2/catch.hpp>

#include "s3/etag.h"
#include "support/temp_dir.h"
#include "sync/content/content_check.h"
#include "sync/content/file_hasher.h"
#include "sync/scan/local_scanner.h"
#include "util/crypto.h"

namespace s3mirror::sync {
namespace {

constexpr std::uint64_t kMiB = 1 << 20;

struct Fixture {
  testing::TempDir dir;
  std::vector<LocalFile> local;
  std::vector<RemoteObject> remote;
  std::vector<SameSizePair> pairs;

  // Adds a local file and a remote object of the same size with `etag`.
  void Add(const std::string& path, const std::string& content, std::string etag) {
    dir.WriteFile(path, content);
    remote.push_back({.key = path, .size = content.size(), .etag = std::move(etag)});
  }
  void Scan() {
    Result<ScanResult> scanned = ScanLocal({.local_dir = dir.path()});
    REQUIRE(scanned.has_value());
    local = scanned->files;
    REQUIRE(local.size() == remote.size());
    pairs = DiffListings(local, remote).same_size;
  }
  ContentCheckResult Check(HashCache& cache) {
    return CheckContent(local, pairs, cache,
                        {.local_dir = dir.path(), .part_size = 5 * kMiB, .threads = 3});
  }
};

std::string Md5Hex(std::string_view data) { return HexEncode(Md5(data)); }

// Multipart ETag of `content` cut into parts of `part_size`.
std::string MultipartEtagOf(const std::string& content, std::uint64_t part_size) {
  std::vector<std::string> parts;
  for (std::uint64_t offset = 0; offset < content.size(); offset += part_size) {
    parts.push_back(Md5(std::string_view(content).substr(offset, part_size)));
  }
  return s3::MultipartEtag(parts);
}

}  // namespace

TEST_CASE("CheckContent compares single-part ETags with the file's MD5") {
  Fixture f;
  f.Add("a.html", "same", Md5Hex("same"));
  f.Add("b.html", "new!", Md5Hex("old!"));
  f.Scan();
  HashCache cache(f.local);
  const ContentCheckResult result = f.Check(cache);
  CHECK(result.unchanged == 1);
  REQUIRE(result.changed.size() == 1);
  CHECK(f.local[result.changed[0].local_index].path == "b.html");
  CHECK(result.changed[0].reason == UploadReason::kContentDiffers);
  CHECK(result.hashed_files == 2);
  CHECK(cache.known_count() == 2);  // both digests recorded, changed or not
}

TEST_CASE("CheckContent uses the hash cache instead of reading unchanged files") {
  Fixture f;
  f.Add("a.html", "content", Md5Hex("content"));
  f.Scan();
  HashCache cache(f.local);
  // A recorded digest for exactly this stamp is trusted: here it disagrees with the file on
  // purpose, which shows the file was not read.
  cache.Record(0, StampOf(f.local[0]),
               FileDigest{.md5 = ToMd5Bytes(Md5("something else")), .has_md5 = true});
  f.pairs[0].etag = Md5Hex("something else");
  const ContentCheckResult result = f.Check(cache);
  CHECK(result.cache_hits == 1);
  CHECK(result.hashed_files == 0);
  CHECK(result.unchanged == 1);
}

TEST_CASE("CheckContent knows an SSE-KMS object by the ETag its upload got back") {
  Fixture f;
  const std::string kms_etag = Md5Hex("not the content's MD5");  // the MD5 form, another value
  f.Add("a.html", "content", kms_etag);
  f.Add("b.html", "changed", kms_etag);
  f.Scan();
  HashCache cache(f.local);
  FileDigest uploaded{.md5 = ToMd5Bytes(Md5("content")), .has_md5 = true};
  uploaded.upload_etag = kms_etag;
  cache.Record(0, StampOf(f.local[0]), uploaded);
  // b.html was uploaded with that ETag too, but has changed since: its stamp is not the one.
  FileStamp before = StampOf(f.local[1]);
  before.mtime_ns -= 1;
  cache.Record(1, before, uploaded);
  const ContentCheckResult result = f.Check(cache);
  CHECK(result.cache_hits == 1);
  CHECK(result.unchanged == 1);
  REQUIRE(result.changed.size() == 1);
  CHECK(f.local[result.changed[0].local_index].path == "b.html");
}

TEST_CASE("CheckContent matches multipart ETags over candidate part sizes") {
  Fixture f;
  std::string big(11 * kMiB + 3, 'x');
  big[7 * kMiB] = 'y';
  f.Add("big.pdf", big, MultipartEtagOf(big, 8 * kMiB));  // aws-cli's 8 MiB layout, 2 parts
  f.Add("other.pdf", big, MultipartEtagOf(std::string(big.size(), 'z'), 8 * kMiB));
  f.Scan();
  HashCache cache(f.local);
  const ContentCheckResult result = f.Check(cache);
  CHECK(result.unchanged == 1);
  REQUIRE(result.changed.size() == 1);
  CHECK(f.local[result.changed[0].local_index].path == "other.pdf");
  // The matching multipart digest is recorded, so the next run needs no read.
  const std::optional<FileDigest> digest = cache.Find(0, StampOf(f.local[0]));
  REQUIRE(digest.has_value());
  CHECK(digest->MatchesEtag(MultipartEtagOf(big, 8 * kMiB)));
}

TEST_CASE("HashFile computes the whole MD5 and one multipart digest per part size") {
  testing::TempDir dir;
  const std::string content(3 * kMiB + 10, 'q');
  dir.WriteFile("f", content);
  Result<HashedFile> hashed = HashFile(dir.Join("f"), {kMiB, 2 * kMiB, 3 * kMiB + 10}, false);
  REQUIRE(hashed.has_value());
  CHECK(hashed->digest.MatchesEtag(Md5Hex(content)));
  REQUIRE(hashed->multipart.size() == 3);
  CHECK(hashed->multipart[0].MatchesEtag(MultipartEtagOf(content, kMiB)));
  CHECK(hashed->multipart[0].parts == 4);
  CHECK(hashed->multipart[1].MatchesEtag(MultipartEtagOf(content, 2 * kMiB)));
  CHECK(hashed->multipart[2].parts == 1);
  CHECK(hashed->stamp.size == content.size());
}

TEST_CASE("HashFile refuses symlinks unless following them") {
  testing::TempDir dir;
  dir.WriteFile("target", "t");
  dir.Symlink("target", "link");
  Result<HashedFile> refused = HashFile(dir.Join("link"), {}, false);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == ErrorKind::kLocalIo);
  CHECK(HashFile(dir.Join("link"), {}, true).has_value());
}

}  // namespace s3mirror::sync
