#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "state/deletion_journal.h"
#include "support/temp_dir.h"

namespace s3mirror::state {
namespace {

DeletionRecord Record(std::string key, std::int64_t second) {
  return DeletionRecord{.key = std::move(key),
                        .size = 42,
                        .etag = "9a0364b9e99bb480dd25e1f0284c8555",
                        .deleted_at = TimePoint(std::chrono::seconds(1764000000 + second)),
                        .destination_url = "s3://bucket/site/",
                        .run_pid = 4242,
                        .run_started_at = TimePoint(std::chrono::seconds(1764000000))};
}

std::vector<std::string> KeysOf(const std::vector<DeletionRecord>& records) {
  std::vector<std::string> keys;
  for (const auto& record : records) keys.push_back(record.key);
  return keys;
}

}  // namespace

TEST_CASE("A deletion record survives its JSON line") {
  const DeletionRecord record = Record("site/a \"b\".html", 5);
  const std::string line = DeletionRecordToJson(record);
  CHECK(line.find('\n') == std::string::npos);
  Result<DeletionRecord> back = DeletionRecordFromJson(line);
  REQUIRE(back.has_value());
  CHECK(back->key == record.key);
  CHECK(back->size == 42);
  CHECK(back->etag == record.etag);
  CHECK(back->deleted_at == record.deleted_at);
  CHECK(back->destination_url == record.destination_url);
  CHECK(back->run_pid == 4242);
  CHECK(back->run_started_at == record.run_started_at);
  CHECK_FALSE(DeletionRecordFromJson("{\"key\":\"\"}").has_value());
}

TEST_CASE("AppendDeletions appends to a private journal and ReadLastDeletions gives the newest") {
  testing::TempDir dir;
  const std::string path = dir.Join("x.deletions.jsonl");
  REQUIRE(AppendDeletions(path, {Record("a", 1), Record("b", 2)}));
  REQUIRE(AppendDeletions(path, {Record("c", 3)}));
  REQUIRE(AppendDeletions(path, {}));
  Result<std::vector<DeletionRecord>> all = ReadLastDeletions(path, 10);
  REQUIRE(all.has_value());
  CHECK(KeysOf(*all) == std::vector<std::string>{"a", "b", "c"});
  Result<std::vector<DeletionRecord>> last = ReadLastDeletions(path, 2);
  REQUIRE(last.has_value());
  CHECK(KeysOf(*last) == std::vector<std::string>{"b", "c"});
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("The deletion journal rotates once it is full and still reads across both files") {
  testing::TempDir dir;
  const std::string path = dir.Join("x.deletions.jsonl");
  REQUIRE(AppendDeletions(path, {Record("a", 1), Record("b", 2)}, 100));
  REQUIRE(AppendDeletions(path, {Record("c", 3)}, 100));  // the first file is over 100 bytes
  REQUIRE(AppendDeletions(path, {Record("d", 4)}, 100));  // rotates again: "a", "b" are gone
  Result<std::vector<DeletionRecord>> records = ReadLastDeletions(path, 10);
  REQUIRE(records.has_value());
  CHECK(KeysOf(*records) == std::vector<std::string>{"c", "d"});
  struct stat info {};
  REQUIRE(::stat((path + ".1").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("A missing deletion journal has no records and bad lines are skipped") {
  testing::TempDir dir;
  Result<std::vector<DeletionRecord>> none = ReadLastDeletions(dir.Join("none"), 5);
  REQUIRE(none.has_value());
  CHECK(none->empty());
  dir.WriteFile("j", DeletionRecordToJson(Record("a", 1)) + "\nnot json\n");
  Result<std::vector<DeletionRecord>> some = ReadLastDeletions(dir.Join("j"), 5);
  REQUIRE(some.has_value());
  CHECK(KeysOf(*some) == std::vector<std::string>{"a"});
}

}  // namespace s3mirror::state
