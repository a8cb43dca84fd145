// PlanHeaderRepairs and the header record file it works from.
#include "sync/headers/header_repair_plan.h"

#include <catch2/catch.hpp>

#include "support/temp_dir.h"
#include "util/crypto.h"
#include "util/file.h"

namespace s3mirror::sync {
namespace {

struct Listing {
  std::vector<LocalFile> local;
  std::vector<SameSizePair> same_size;
  std::vector<PlannedUpload> uploads;
  std::vector<std::uint64_t> desired;
  HeaderRecord record;

  // An unchanged file with its object; `recorded` is the header record's fingerprint (0: unknown).
  void Add(const std::string& path, std::uint64_t recorded, std::uint64_t wanted = 7) {
    local.push_back({.path = path, .size = 10});
    same_size.push_back({.local_index = local.size() - 1, .etag = HexEncode(Md5(path))});
    desired.push_back(wanted);
    record.fingerprints.push_back(recorded);
  }
  HeaderRepairPlan Plan(bool audit, std::uint64_t budget = 100) const {
    return PlanHeaderRepairs({.local = local,
                              .same_size = same_size,
                              .uploads = uploads,
                              .desired = desired,
                              .record = record,
                              .audit = audit,
                              .audit_budget = budget});
  }
};

std::vector<std::string> Keys(const Listing& listing, const HeaderRepairPlan& plan) {
  std::vector<std::string> keys;
  for (const HeaderRepair& repair : plan.repairs) {
    std::string key = listing.local[repair.local_index].path;
    if (repair.check_first) key += '?';
    keys.push_back(std::move(key));
  }
  return keys;
}

}  // namespace

TEST_CASE("PlanHeaderRepairs copies objects whose recorded headers differ, not unknown ones") {
  Listing listing;
  listing.Add("a.html", 7);
  listing.Add("b.css", 3);
  listing.Add("c.js", 0);
  listing.Add("d.js", 3);
  listing.uploads.push_back({.local_index = 3});  // uploaded anyway, with the new headers
  const HeaderRepairPlan plan = listing.Plan(false);
  CHECK(Keys(listing, plan) == std::vector<std::string>{"b.css"});
  CHECK(plan.repairs[0].etag == HexEncode(Md5("b.css")));
  CHECK(plan.repairs[0].size == 10);
}

TEST_CASE("PlanHeaderRepairs compares nothing when the header settings did not change") {
  Listing listing;
  listing.Add("a.html", 3);
  listing.desired.clear();
  CHECK(listing.Plan(false).repairs.empty());
  CHECK(Keys(listing, listing.Plan(true)) == std::vector<std::string>{"a.html?"});
}

TEST_CASE("PlanHeaderRepairs audits within the budget and resumes after the cursor") {
  Listing listing;
  listing.Add("a", 7);
  listing.Add("b", 3);  // repaired anyway, not audited twice
  listing.Add("c", 7);
  listing.Add("d", 7);
  listing.Add("e", 7);
  HeaderRepairPlan first = listing.Plan(true, 2);
  CHECK(Keys(listing, first) == std::vector<std::string>{"b", "a?", "c?"});
  CHECK(first.next_cursor == "c");
  listing.record.audit_cursor = first.next_cursor;
  HeaderRepairPlan second = listing.Plan(true, 2);
  CHECK(Keys(listing, second) == std::vector<std::string>{"b", "d?", "e?"});
  CHECK(second.next_cursor.empty());  // the round is complete: start again from the top
  listing.record.audit_cursor = std::string(1, 'd');  // not = "d": GCC 12 -Wrestrict
  HeaderRepairPlan wrapped = listing.Plan(true, 3);
  CHECK(Keys(listing, wrapped) == std::vector<std::string>{"b", "e?", "a?", "c?"});
  CHECK(wrapped.next_cursor == "c");
  HeaderRepairPlan everything = listing.Plan(true, 100);
  CHECK(everything.audited == 4);
  CHECK(everything.next_cursor.empty());
}

TEST_CASE("The header record keeps fingerprints and the cursor of the files still there") {
  testing::TempDir dir;
  const std::string path = dir.Join("x.headers");
  const std::vector<LocalFile> before = {{.path = "a"}, {.path = "b"}, {.path = "c"}};
  REQUIRE(SaveHeaderRecord(
      path, before, {.fingerprints = {11, 0, 33}, .audit_cursor = "b", .settings_fingerprint = 9}));
  const std::vector<LocalFile> after = {{.path = "a"}, {.path = "a2"}, {.path = "c"}};
  Result<HeaderRecord> loaded = LoadHeaderRecord(path, after);
  REQUIRE(loaded);
  CHECK(loaded->fingerprints == std::vector<std::uint64_t>{11, 0, 33});
  CHECK(loaded->audit_cursor == "b");
  CHECK(loaded->settings_fingerprint == 9);
  Result<HeaderRecord> missing = LoadHeaderRecord(dir.Join("none"), after);
  REQUIRE(missing);
  CHECK(missing->fingerprints == std::vector<std::uint64_t>{0, 0, 0});
}

TEST_CASE("A damaged header record is rejected as a whole") {
  testing::TempDir dir;
  const std::string path = dir.Join("x.headers");
  const std::vector<LocalFile> files = {{.path = "a"}};
  REQUIRE(SaveHeaderRecord(path, files, {.fingerprints = {11}}));
  Result<std::string> bytes = ReadFile(path);
  REQUIRE(bytes);
  std::string damaged = *bytes;
  damaged[20] = static_cast<char>(damaged[20] ^ 1);
  REQUIRE(WriteFileAtomic(path, damaged, 0600));
  Result<HeaderRecord> loaded = LoadHeaderRecord(path, files);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().message.find("is damaged (checksum mismatch)") != std::string::npos);
  REQUIRE(WriteFileAtomic(path, bytes->substr(0, 10), 0600));
  CHECK_FALSE(LoadHeaderRecord(path, files));
}

}  // namespace s3mirror::sync
