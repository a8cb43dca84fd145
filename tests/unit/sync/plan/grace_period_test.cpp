#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdio>

#include "support/temp_dir.h"
#include "sync/plan/grace_period.h"

namespace s3mirror::sync {
namespace {

std::vector<std::string> Keys(const MissingCounts& counts) {
  std::vector<std::string> keys;
  for (const MissingCount& count : counts)
    keys.push_back(count.key + "=" + std::to_string(count.runs));
  return keys;
}

}  // namespace

TEST_CASE(
    "ApplyGracePeriod keeps a key missing for fewer than N runs and makes it due at the Nth") {
  MissingCounts stored;
  for (std::uint32_t run = 1; run < 3; ++run) {
    const GraceDecision decision = ApplyGracePeriod(stored, {"gone.html"}, 3);
    CHECK(decision.due.empty());
    CHECK(decision.kept == 1);
    CHECK(Keys(decision.after_success) ==
          std::vector<std::string>{"gone.html=" + std::to_string(run)});
    stored = decision.after_success;
  }
  const GraceDecision third = ApplyGracePeriod(stored, {"gone.html"}, 3);
  CHECK(third.due == std::vector<std::string>{"gone.html"});
  CHECK(third.kept == 0);
  CHECK(third.after_success.empty());
}

TEST_CASE("ApplyGracePeriod with N of 1 makes every candidate due at once") {
  const GraceDecision decision = ApplyGracePeriod({}, {"a", "b"}, 1);
  CHECK(decision.due == std::vector<std::string>{"a", "b"});
  CHECK(decision.kept == 0);
}

TEST_CASE("ApplyGracePeriod drops the counter of a key whose file came back") {
  const MissingCounts stored = {{.key = "back.html", .runs = 2}, {.key = "still.html", .runs = 1}};
  const GraceDecision decision = ApplyGracePeriod(stored, {"still.html"}, 5);
  CHECK(Keys(decision.after_success) == std::vector<std::string>{"still.html=2"});
  CHECK(Keys(decision.after_failure) == std::vector<std::string>{"still.html=1"});
  SECTION("and a key that returns and goes again starts from one") {
    const GraceDecision again = ApplyGracePeriod(decision.after_success, {"back.html"}, 5);
    CHECK(Keys(again.after_success) == std::vector<std::string>{"back.html=1"});
  }
}

TEST_CASE("ApplyGracePeriod after a run that does not succeed keeps the stored runs") {
  const MissingCounts stored = {{.key = "a", .runs = 1}};
  const GraceDecision decision = ApplyGracePeriod(stored, {"a", "b"}, 3);
  CHECK(Keys(decision.after_failure) == std::vector<std::string>{"a=1"});
  CHECK(Keys(decision.after_success) == std::vector<std::string>{"a=2", "b=1"});
}

TEST_CASE("DescribeKept says how many are kept and after how many runs they go") {
  const MissingCounts stored = {{.key = "a", .runs = 2}, {.key = "b", .runs = 2}};
  const GraceDecision decision = ApplyGracePeriod(stored, {"a", "b", "c"}, 4);
  CHECK(DescribeKept(decision, 4) ==
        "kept 3 missing object(s) (--delete-after-missing 4): 2 deleted at the next successful "
        "run, 1 after 3 more");
  CHECK(DescribeKept(ApplyGracePeriod({}, {"a"}, 1), 1).empty());
  SECTION("a dry run does not count, so the objects go one run later") {
    CHECK(DescribeKept(decision, 4, /*dry_run=*/true) ==
          "dry run: would keep 3 missing object(s) (--delete-after-missing 4): 2 after 2 more, "
          "1 after 4 more");
  }
}

TEST_CASE("Missing counts survive a save and a load, odd keys included, in a private file") {
  testing::TempDir dir;
  const std::string path = dir.Join("x.missing");
  const MissingCounts counts = {{.key = "a b%20c.html", .runs = 1},
                                {.key = "line\nbreak", .runs = 7},
                                {.key = "\xc3\xa9t\xc3\xa9/x", .runs = 2}};
  REQUIRE(SaveMissingCounts(path, counts));
  Result<MissingCounts> loaded = LoadMissingCounts(path);
  REQUIRE(loaded.has_value());
  CHECK(Keys(*loaded) == Keys(counts));
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("A missing counters file is no counters and a damaged one is refused") {
  testing::TempDir dir;
  Result<MissingCounts> none = LoadMissingCounts(dir.Join("none.missing"));
  REQUIRE(none.has_value());
  CHECK(none->empty());
  for (const char* text : {"garbage\n", "s3mirror-missing 1\nx a\n", "s3mirror-missing 1\n1 %G1\n",
                           "s3mirror-missing 1\n1 b\n1 a\n", "s3mirror-missing 1\n0 a\n"}) {
    dir.WriteFile("bad.missing", text);
    Result<MissingCounts> bad = LoadMissingCounts(dir.Join("bad.missing"));
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().kind == ErrorKind::kLocalIo);
  }
}

TEST_CASE("Missing counts larger than the read buffer load line by line, in order") {
  testing::TempDir dir;
  const std::string path = dir.Join("x.missing");
  MissingCounts counts;
  // ~2.6 MB: lines straddle the 1 MiB buffer refills.
  for (std::uint32_t i = 0; i < 40000; ++i) {
    char key[80];
    std::snprintf(key, sizeof key, "section/removed-page-with-a-long-name-%07u.html", i);
    counts.push_back({.key = key, .runs = i % 5 + 1});
  }
  REQUIRE(SaveMissingCounts(path, counts));
  Result<MissingCounts> loaded = LoadMissingCounts(path);
  REQUIRE(loaded.has_value());
  CHECK(Keys(*loaded) == Keys(counts));
}

TEST_CASE("Missing counts that cannot be read or written name the path") {
  testing::TempDir dir;
  dir.MakeDir("x.missing");
  Result<MissingCounts> loaded = LoadMissingCounts(dir.Join("x.missing"));
  REQUIRE_FALSE(loaded.has_value());
  CHECK(loaded.error().kind == ErrorKind::kLocalIo);
  CHECK(loaded.error().message.find("cannot read " + dir.Join("x.missing")) != std::string::npos);
  const Status saved = SaveMissingCounts(dir.Join("none/x.missing"), {{.key = "a", .runs = 1}});
  REQUIRE_FALSE(saved.has_value());
  CHECK(saved.error().message.find(dir.Join("none/x.missing")) != std::string::npos);
}

}  // namespace s3mirror::sync
