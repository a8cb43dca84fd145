#include <catch2/catch.hpp>

#include "sync/listing/merge_join.h"

namespace s3mirror::sync {
namespace {

LocalFile Local(std::string path, std::uint64_t size) {
  return LocalFile{.path = std::move(path), .size = size};
}
RemoteObject Remote(std::string key, std::uint64_t size) {
  const std::string md5 = std::string(32, "0123456789abcdef"[key.size() % 16]);
  return RemoteObject{.key = std::move(key), .size = size, .etag = md5};
}

std::vector<std::string> Keys(const std::vector<RemoteObject>& objects) {
  std::vector<std::string> keys;
  for (const RemoteObject& object : objects) keys.push_back(object.key);
  return keys;
}

}  // namespace

TEST_CASE("DiffListings uploads keys missing remotely") {
  const Diff diff = DiffListings({Local("a", 1), Local("b", 2)}, {Remote("b", 2)});
  REQUIRE(diff.uploads.size() == 1);
  CHECK(diff.uploads[0].local_index == 0);
  CHECK(diff.uploads[0].reason == UploadReason::kMissing);
  REQUIRE(diff.same_size.size() == 1);
  CHECK(diff.same_size[0].local_index == 1);
  CHECK(diff.same_size[0].etag == Remote("b", 2).etag);
  CHECK(diff.remote_only.empty());
  CHECK(diff.remote_count == 1);
}

TEST_CASE("DiffListings uploads files whose size differs") {
  const Diff diff = DiffListings({Local("a", 1)}, {Remote("a", 5)});
  REQUIRE(diff.uploads.size() == 1);
  CHECK(diff.uploads[0].reason == UploadReason::kSizeDiffers);
  CHECK(diff.same_size.empty());
  CHECK(diff.remote_only.empty());
}

TEST_CASE("DiffListings lists remote-only keys as delete candidates") {
  const Diff diff = DiffListings({Local("b", 1)}, {Remote("a", 1), Remote("b", 1), Remote("c", 3)});
  CHECK(diff.uploads.empty());
  CHECK(Keys(diff.remote_only) == std::vector<std::string>{"a", "c"});
  CHECK(diff.remote_only[1].size == 3);
  CHECK(diff.same_size.size() == 1);
  CHECK(diff.remote_count == 3);
}

TEST_CASE("DiffListings merges in key byte order where a-b sorts before a/x") {
  // Both sides in S3 order: '-' (0x2d) < '.' (0x2e) < '/' (0x2f).
  const std::vector<LocalFile> local = {Local("a-b", 1), Local("a.b", 1), Local("a/x", 1)};
  const std::vector<RemoteObject> remote = {Remote("a-b", 1), Remote("a/x", 1), Remote("a0", 1)};
  const Diff diff = DiffListings(local, remote);
  REQUIRE(diff.same_size.size() == 2);
  CHECK(diff.same_size[0].local_index == 0);
  CHECK(diff.same_size[1].local_index == 2);
  REQUIRE(diff.uploads.size() == 1);
  CHECK(local[diff.uploads[0].local_index].path == "a.b");
  CHECK(Keys(diff.remote_only) == std::vector<std::string>{"a0"});
}

TEST_CASE("DiffListings compares keys as unsigned bytes") {
  // "é" is 0xC3 0xA9: after every ASCII key, as S3 lists it.
  const Diff diff =
      DiffListings({Local("z", 1), Local("\xC3\xA9", 1)}, {Remote("z", 1), Remote("\xC3\xA9", 1)});
  CHECK(diff.same_size.size() == 2);
  CHECK(diff.uploads.empty());
  CHECK(diff.remote_only.empty());
  CHECK(KeyLess("z", "\xC3\xA9"));
  CHECK(KeyLess("a-b", "a/x"));
}

TEST_CASE("DiffListings handles empty sides") {
  CHECK(DiffListings({}, {}).uploads.empty());
  CHECK(DiffListings({Local("a", 0)}, {}).uploads.size() == 1);
  CHECK(DiffListings({}, {Remote("a", 0)}).remote_only.size() == 1);
}

TEST_CASE("DiffMerger over adjacent slices, appended, equals the whole merge") {
  const std::vector<LocalFile> local = {Local("a", 1), Local("b", 2), Local("c", 3), Local("d", 4),
                                        Local("e", 5)};
  const std::vector<RemoteObject> remote = {Remote("a", 1), Remote("bb", 1), Remote("c", 7),
                                            Remote("d", 4), Remote("f", 1)};
  // Slices [0, 2) and [2, 5): keys up to "b", then the rest (as two listing ranges split at "b").
  DiffMerger first(local, 0, 2), second(local, 2, 5);
  first.Add("a", 1, remote[0].etag);
  for (std::size_t i = 1; i < remote.size(); ++i) {
    second.Add(remote[i].key, remote[i].size, remote[i].etag);
  }
  CHECK(second.added() == 4);
  Diff joined = first.Finish();
  AppendDiff(joined, second.Finish());
  const Diff whole = DiffListings(local, remote);
  const auto uploads = [](const Diff& diff) {
    std::vector<std::pair<std::size_t, UploadReason>> out;
    for (const PlannedUpload& upload : diff.uploads)
      out.emplace_back(upload.local_index, upload.reason);
    return out;
  };
  const auto pairs = [](const Diff& diff) {
    std::vector<std::size_t> out;
    for (const SameSizePair& pair : diff.same_size) out.push_back(pair.local_index);
    return out;
  };
  CHECK(uploads(joined) == uploads(whole));
  CHECK(uploads(whole) ==
        std::vector<std::pair<std::size_t, UploadReason>>{{1, UploadReason::kMissing},
                                                          {2, UploadReason::kSizeDiffers},
                                                          {4, UploadReason::kMissing}});
  CHECK(pairs(joined) == pairs(whole));
  CHECK(pairs(whole) == std::vector<std::size_t>{0, 3});
  CHECK(Keys(joined.remote_only) == Keys(whole.remote_only));
  CHECK(Keys(whole.remote_only) == std::vector<std::string>{"bb", "f"});
  CHECK(joined.remote_count == 5);
  CHECK(whole.remote_count == 5);
}

TEST_CASE("DiffMerger keeps no key for objects that match a local file") {
  const std::vector<LocalFile> local = {Local("same-size.html", 1), Local("resized.html", 2)};
  DiffMerger merger(local, 0, 2);
  merger.Add("same-size.html", 1, Remote("x", 1).etag);
  merger.Add("resized.html", 5, Remote("x", 1).etag);
  const Diff diff = merger.Finish();
  CHECK(diff.remote_only.empty());
  CHECK(diff.same_size.size() == 1);
  CHECK(diff.uploads.size() == 1);
}

}  // namespace s3mirror::sync
