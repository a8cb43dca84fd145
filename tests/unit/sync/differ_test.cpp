#include <catch2/catch.hpp>

#include "sync/differ.h"

namespace s3mirror::sync {
namespace {

LocalFile Local(std::string path, std::uint64_t size) {
  return LocalFile{.path = std::move(path), .size = size};
}
RemoteObject Remote(std::string key, std::uint64_t size) {
  return RemoteObject{.key = std::move(key), .size = size, .etag = "e"};
}

}  // namespace

TEST_CASE("DiffListings uploads keys missing remotely") {
  const Diff diff = DiffListings({Local("a", 1), Local("b", 2)}, {Remote("b", 2)});
  REQUIRE(diff.uploads.size() == 1);
  CHECK(diff.uploads[0].local_index == 0);
  CHECK(diff.uploads[0].reason == UploadReason::kMissing);
  REQUIRE(diff.same_size.size() == 1);
  CHECK(diff.same_size[0].local_index == 1);
  CHECK(diff.same_size[0].remote_index == 0);
  CHECK(diff.remote_only.empty());
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
  CHECK(diff.remote_only == std::vector<std::size_t>{0, 2});
  CHECK(diff.same_size.size() == 1);
}

TEST_CASE("DiffListings merges in key byte order where a-b sorts before a/x") {
  // Both sides in S3 order: '-' (0x2d) < '.' (0x2e) < '/' (0x2f).
  const std::vector<LocalFile> local = {Local("a-b", 1), Local("a.b", 1), Local("a/x", 1)};
  const std::vector<RemoteObject> remote = {Remote("a-b", 1), Remote("a/x", 1), Remote("a0", 1)};
  const Diff diff = DiffListings(local, remote);
  REQUIRE(diff.same_size.size() == 2);
  CHECK(diff.same_size[0].local_index == 0);
  CHECK(diff.same_size[1].local_index == 2);
  CHECK(diff.same_size[1].remote_index == 1);
  REQUIRE(diff.uploads.size() == 1);
  CHECK(local[diff.uploads[0].local_index].path == "a.b");
  CHECK(diff.remote_only == std::vector<std::size_t>{2});
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

}  // namespace s3mirror::sync
