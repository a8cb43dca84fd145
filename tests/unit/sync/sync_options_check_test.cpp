#include <catch2/catch.hpp>

#include "sync/sync_options_check.h"

namespace s3mirror::sync {

TEST_CASE("CheckSyncOptions accepts the defaults and the part size limits themselves") {
  SyncOptions options;
  CHECK(CheckSyncOptions(options).has_value());
  options.part_size = kMinPartSize;
  CHECK(CheckSyncOptions(options).has_value());
  options.part_size = kMaxPartSize;
  CHECK(CheckSyncOptions(options).has_value());
}

TEST_CASE("CheckSyncOptions names a part size outside S3's limits as it is written") {
  SyncOptions options;
  SECTION("below, in whole mebibytes") {
    options.part_size = 3ull << 20;
    CHECK(CheckSyncOptions(options).error().message ==
          "--part-size 3M is below S3's 5 MiB minimum");
  }
  SECTION("below, in bytes") {
    options.part_size = (5ull << 20) - 1;
    CHECK(CheckSyncOptions(options).error().message ==
          "--part-size 5242879 is below S3's 5 MiB minimum");
  }
  SECTION("above, in gibibytes") {
    options.part_size = 6ull << 30;
    CHECK(CheckSyncOptions(options).error().message ==
          "--part-size 6G is above S3's 5 GiB maximum");
  }
  SECTION("above, in kibibytes") {
    options.part_size = kMaxPartSize + 1024;
    CHECK(CheckSyncOptions(options).error().message ==
          "--part-size 5242881K is above S3's 5 GiB maximum");
  }
  CHECK(CheckSyncOptions(options).error().kind == ErrorKind::kUsage);
}

TEST_CASE("CheckSyncOptions refuses a concurrency below one") {
  SyncOptions options;
  options.concurrency = 0;
  const Status status = CheckSyncOptions(options);
  REQUIRE_FALSE(status.has_value());
  CHECK(status.error().kind == ErrorKind::kUsage);
  CHECK(status.error().message == "--concurrency must be at least 1");
}

TEST_CASE("CheckSyncOptions wants --delete and the state dir with --delete-after-missing") {
  SyncOptions options;
  options.delete_after_missing = 3;
  options.missing_counts_path = "/state/x.missing";
  SECTION("without --delete") {
    const Status status = CheckSyncOptions(options);
    REQUIRE_FALSE(status.has_value());
    CHECK(status.error().kind == ErrorKind::kUsage);
    CHECK(status.error().message == "--delete-after-missing needs --delete");
  }
  SECTION("without the state dir") {
    options.delete_remote = true;
    options.missing_counts_path.clear();
    const Status status = CheckSyncOptions(options);
    REQUIRE_FALSE(status.has_value());
    CHECK(status.error().kind == ErrorKind::kConfig);
    CHECK(status.error().message == "--delete-after-missing needs the state dir");
  }
  SECTION("with both") {
    options.delete_remote = true;
    CHECK(CheckSyncOptions(options).has_value());
  }
}

}  // namespace s3mirror::sync
