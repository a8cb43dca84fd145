#include <catch2/catch.hpp>

#include "sync/plan/deletion_guard.h"

namespace s3mirror::sync {

TEST_CASE("CheckDeletions allows deletions up to the default 10 percent") {
  const DeleteLimit limit;  // 10%
  CHECK(CheckDeletions(100, 1000, limit, false).has_value());
  CHECK_FALSE(CheckDeletions(101, 1000, limit, false).has_value());
  CHECK(CheckDeletions(0, 0, limit, false).has_value());
}

TEST_CASE("CheckDeletions refuses with a message that says what to do") {
  const Status status = CheckDeletions(900, 1000, DeleteLimit{}, false);
  REQUIRE_FALSE(status.has_value());
  CHECK(status.error().kind == ErrorKind::kSafety);
  CHECK(status.error().message ==
        "refusing to delete 900 of 1000 objects (limit 10%); check that LOCAL_DIR is complete, or "
        "raise --max-delete / use --force-delete");
}

TEST_CASE("CheckDeletions honours a count limit") {
  const DeleteLimit limit{.count = 50, .percent = 0, .is_percent = false};
  CHECK(CheckDeletions(50, 60, limit, false).has_value());
  const Status status = CheckDeletions(51, 1000000, limit, false);
  REQUIRE_FALSE(status.has_value());
  CHECK(status.error().message.find("(limit 50)") != std::string::npos);
}

TEST_CASE("CheckDeletions is lifted by force") {
  CHECK(CheckDeletions(1000, 1000, DeleteLimit{}, true).has_value());
}

TEST_CASE("AllowedDeletions rounds percentages down") {
  CHECK(AllowedDeletions(1000, DeleteLimit{}) == 100);
  CHECK(AllowedDeletions(9, DeleteLimit{}) == 0);
  CHECK(AllowedDeletions(19, DeleteLimit{}) == 1);
  CHECK(AllowedDeletions(7, DeleteLimit{.count = 0, .percent = 100, .is_percent = true}) == 7);
  CHECK(AllowedDeletions(3, DeleteLimit{.count = 0, .percent = 0.5, .is_percent = true}) == 0);
}

}  // namespace s3mirror::sync
