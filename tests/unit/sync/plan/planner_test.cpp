#include <catch2/catch.hpp>

#include "sync/plan/planner.h"

#include "sync/names/name_policy.h"

namespace s3mirror::sync {
namespace {

struct Fixture {
  std::vector<LocalFile> local = {{.path = "a", .size = 10},
                                  {.path = "b", .size = 20},
                                  {.path = "c", .size = 30},
                                  {.path = "d", .size = 40}};
  std::vector<RemoteObject> remote = {{.key = "b", .size = 21, .etag = ""},
                                      {.key = "c", .size = 30, .etag = ""},
                                      {.key = "d", .size = 40, .etag = ""},
                                      {.key = "gone.html", .size = 1, .etag = ""},
                                      {.key = "locked", .size = 1, .etag = ""},
                                      {.key = "locked/x.html", .size = 1, .etag = ""},
                                      {.key = "locked-not/y.html", .size = 1, .etag = ""},
                                      {.key = "tmp/x.tmp", .size = 1, .etag = ""}};
  Diff diff = DiffListings(local, remote);
  ContentCheckResult content;
  Filter filter{{{.include = false, .glob = "tmp/"}}};
  std::vector<std::string> unreadable = {"locked"};

  Fixture() {
    REQUIRE(diff.same_size.size() == 2);  // c and d
    content.changed = {{.local_index = 2, .reason = UploadReason::kContentDiffers}};
    content.unchanged = 1;
  }
  Plan Build(bool delete_remote) {
    return BuildPlan({.local = local,
                      .diff = diff,
                      .content = content,
                      .delete_remote = delete_remote,
                      .filter = &filter,
                      .unreadable = &unreadable});
  }
};

}  // namespace

TEST_CASE("BuildPlan uploads missing, resized and changed files in key order") {
  Fixture f;
  const Plan plan = f.Build(false);
  REQUIRE(plan.uploads.size() == 3);
  CHECK(plan.uploads[0].local_index == 0);
  CHECK(plan.uploads[0].reason == UploadReason::kMissing);
  CHECK(plan.uploads[1].local_index == 1);
  CHECK(plan.uploads[1].reason == UploadReason::kSizeDiffers);
  CHECK(plan.uploads[2].local_index == 2);
  CHECK(plan.uploads[2].reason == UploadReason::kContentDiffers);
  CHECK(plan.upload_bytes == 60);
  CHECK(plan.skipped == 1);
  CHECK(plan.deletes.empty());  // no --delete
}

TEST_CASE("BuildPlan deletes remote-only keys except excluded and unreadable ones") {
  Fixture f;
  const Plan plan = f.Build(true);
  CHECK(plan.deletes == std::vector<std::string>{"gone.html", "locked-not/y.html"});
}

TEST_CASE("BuildPlan keeps the remote keys of awkward names left out by --awkward-names skip") {
  std::vector<LocalFile> local = {{.path = "a.html", .size = 1}};
  std::vector<RemoteObject> remote = {{.key = "A.html", .size = 1, .etag = ""},
                                      {.key = "a.html", .size = 1, .etag = ""},
                                      {.key = "b #.html", .size = 1, .etag = ""},
                                      {.key = "gone.html", .size = 1, .etag = ""}};
  const Diff diff = DiffListings(local, remote);
  const ContentCheckResult content;
  const KeptAwkwardKeys kept({"A.html"});
  const Plan plan = BuildPlan(
      {.local = local, .diff = diff, .content = content, .delete_remote = true, .awkward = &kept});
  CHECK(plan.deletes == std::vector<std::string>{"gone.html"});
}

}  // namespace s3mirror::sync
