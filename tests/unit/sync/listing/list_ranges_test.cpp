#include <catch2/catch.hpp>

#include "sync/listing/list_ranges.h"

namespace s3mirror::sync {
namespace {

std::vector<LocalFile> Files(const std::vector<std::string>& paths) {
  std::vector<LocalFile> files;
  for (const std::string& path : paths) files.push_back(LocalFile{.path = path});
  return files;
}

s3::ListPage Page(const std::vector<std::string>& keys, bool truncated) {
  s3::ListPage page;
  for (const std::string& key : keys) {
    page.objects.push_back(s3::ObjectInfo{
        .key = key, .size = key.size(), .etag = "\"0123456789ABCDEF0123456789ABCDEF\""});
  }
  page.truncated = truncated;
  page.next_continuation_token = truncated ? "token" : "";
  return page;
}

std::vector<std::string> Keys(const std::vector<RemoteObject>& objects) {
  std::vector<std::string> keys;
  for (const RemoteObject& object : objects) keys.push_back(object.key);
  return keys;
}

// A merger with no local files: every object taken comes out as remote-only.
struct Sink {
  std::vector<LocalFile> none{};
  DiffMerger merger{none, 0, 0};
  std::vector<RemoteObject> Objects() { return merger.Finish().remote_only; }
};

}  // namespace

TEST_CASE("KeysPerRange never goes below one page and gives four ranges per request slot") {
  CHECK(KeysPerRange(0, 32) == 1000);
  CHECK(KeysPerRange(20'000, 32) == 1000);
  CHECK(KeysPerRange(1'000'000, 32) == 7813);  // 128 ranges
  CHECK(KeysPerRange(200'000, 8) == 6250);     // 32 ranges
  CHECK(KeysPerRange(5'000, 0) == 1250);       // at least one slot
}

TEST_CASE("SplitKeyRanges splits after every Nth local key and leaves both ends open") {
  const auto ranges = SplitKeyRanges(Files({"a", "b", "c", "d", "e", "f", "g"}), "site/", 3);
  REQUIRE(ranges.size() == 3);
  CHECK(ranges[0].start_after.empty());
  CHECK(ranges[0].last == "site/c");
  CHECK_FALSE(ranges[0].unbounded);
  CHECK(ranges[1].start_after == "site/c");
  CHECK(ranges[1].last == "site/f");
  CHECK(ranges[2].start_after == "site/f");
  CHECK(ranges[2].unbounded);
  // Each range knows the local files whose keys it holds.
  CHECK((ranges[0].local_begin == 0 && ranges[0].local_end == 3));
  CHECK((ranges[1].local_begin == 3 && ranges[1].local_end == 6));
  CHECK((ranges[2].local_begin == 6 && ranges[2].local_end == 7));
}

TEST_CASE("SplitKeyRanges gives one open range when the local files fit in one") {
  for (std::size_t count : {0u, 1u, 3u}) {
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < count; ++i) paths.push_back(std::string(1, char('a' + i)));
    const auto ranges = SplitKeyRanges(Files(paths), "", 3);
    REQUIRE(ranges.size() == 1);
    CHECK(ranges[0].start_after.empty());
    CHECK(ranges[0].unbounded);
    CHECK((ranges[0].local_begin == 0 && ranges[0].local_end == count));
  }
  // No split at the very last file: the range after it would be the same open tail.
  CHECK(SplitKeyRanges(Files({"a", "b", "c", "d", "e", "f"}), "", 3).size() == 2);
}

TEST_CASE("TakePage cuts a page at its range's last key and finishes the range") {
  const KeyRange range{.start_after = "site/a", .last = "site/c", .unbounded = false};
  s3::ListPage page = Page({"site/b", "site/c", "site/d"}, true);
  Sink out;
  const PageTake take = TakePage(range, "site/a", page, "site/", out.merger);
  CHECK(take.range_done);
  CHECK_FALSE(take.out_of_order);
  CHECK(Keys(out.Objects()) == std::vector<std::string>{"b", "c"});
}

TEST_CASE("TakePage finishes a range whose page ends exactly on its last key") {
  const KeyRange range{.start_after = "", .last = "c", .unbounded = false};
  s3::ListPage page = Page({"a", "c"}, true);
  Sink out;
  CHECK(TakePage(range, "", page, "", out.merger).range_done);
}

TEST_CASE("TakePage keeps a range open while truncated pages end before its last key") {
  const KeyRange range{.start_after = "", .last = "m", .unbounded = false};
  s3::ListPage page = Page({"a", "b"}, true);
  Sink out;
  const PageTake take = TakePage(range, "", page, "", out.merger);
  CHECK_FALSE(take.range_done);
  CHECK(take.last_key == "b");
  s3::ListPage last_page = Page({"x"}, false);  // past the end and the listing's end
  CHECK(TakePage(range, take.last_key, last_page, "", out.merger).range_done);
  CHECK(Keys(out.Objects()) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("TakePage strips the prefix, drops the prefix itself and normalises ETags") {
  s3::ListPage page = Page({"site/", "site/a b", "site/z"}, false);
  Sink sink;
  TakePage(KeyRange{}, "", page, "site/", sink.merger);
  const std::vector<RemoteObject> out = sink.Objects();
  REQUIRE(Keys(out) == std::vector<std::string>{"a b", "z"});
  CHECK(out[0].size == 8);
  CHECK(out[0].etag.ToString() == "0123456789abcdef0123456789abcdef");
}

TEST_CASE("TakePage merges the page against the range's local files") {
  const std::vector<LocalFile> local = {{.path = "a", .size = 1},
                                        {.path = "b", .size = 1},
                                        {.path = "c", .size = 6},
                                        {.path = "d", .size = 1}};
  const KeyRange range{.start_after = "site/a",
                       .last = "site/c",
                       .unbounded = false,
                       .local_begin = 1,
                       .local_end = 3};
  s3::ListPage page = Page({"site/bb", "site/c", "site/d"}, true);
  DiffMerger merger(local, range.local_begin, range.local_end);
  CHECK(TakePage(range, "site/a", page, "site/", merger).range_done);
  const Diff diff = merger.Finish();
  CHECK(diff.remote_count == 2);  // "d" is the next range's
  REQUIRE(diff.uploads.size() == 1);
  CHECK(diff.uploads[0].local_index == 1);  // "b": not listed
  CHECK(diff.uploads[0].reason == UploadReason::kMissing);
  REQUIRE(diff.same_size.size() == 1);  // "c": listed as 6 bytes (Page's sizes are key lengths)
  CHECK(diff.same_size[0].local_index == 2);
  CHECK(diff.same_size[0].etag.ToString() == "0123456789abcdef0123456789abcdef");
  CHECK(Keys(diff.remote_only) == std::vector<std::string>{"bb"});
}

TEST_CASE("TakePage reports a key not after the previous one as out of order") {
  Sink out;
  s3::ListPage unsorted = Page({"b", "a"}, false);
  CHECK(TakePage(KeyRange{}, "", unsorted, "", out.merger).out_of_order);
  s3::ListPage repeated = Page({"m"}, false);  // the range's lower bound again
  CHECK(TakePage(KeyRange{.start_after = "m"}, "m", repeated, "", out.merger).out_of_order);
}

}  // namespace s3mirror::sync
