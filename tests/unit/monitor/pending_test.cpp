#include <catch2/catch.hpp>

#include "monitor/pending.h"

namespace s3mirror::monitor {
namespace {

struct Fixture {
  state::RunManifest manifest;
  std::vector<sync::LocalFile> files = {{.path = "a.html", .size = 10},
                                        {.path = "b.html", .size = 20},
                                        {.path = "c.html", .size = 30},
                                        {.path = "new.html", .size = 40}};
  std::vector<bool> cached = {true, false, true, false};  // b changed, new.html is new
  std::vector<std::string> unreadable = {"locked"};
  std::vector<std::string> cache_paths = {"a.html",    "b.html",        "c.html",
                                          "gone.html", "locked/x.html", "tmp/x.tmp"};
  sync::MissingCounts missing = {{.key = "kept.html", .runs = 1}};

  Fixture() {
    manifest.destination_url = "s3://bucket/site/";
    manifest.outcome = "partial";
    manifest.rules = {{.include = false, .glob = "tmp/**"}};
    manifest.unfinished_uploads = {"c.html"};
    manifest.unfinished_deletes = {"failed-delete.html", "a.html"};
  }
  PendingEstimate Estimate() const {
    return EstimatePending({.manifest = manifest,
                            .files = files,
                            .cached = cached,
                            .unreadable = unreadable,
                            .cache_paths = cache_paths,
                            .missing = missing});
  }
};

}  // namespace

TEST_CASE("EstimatePending counts new, changed and unfinished files as uploads") {
  Fixture f;
  const PendingEstimate estimate = f.Estimate();
  CHECK(estimate.files_scanned == 4);
  CHECK(estimate.uploads == 3);  // b (changed), c (unfinished), new
  CHECK(estimate.upload_bytes == 90);
  CHECK(estimate.destination_url == "s3://bucket/site/");
  CHECK(estimate.last_outcome == "partial");
}

TEST_CASE("EstimatePending counts no deletions when the last run did not use --delete") {
  Fixture f;
  const PendingEstimate estimate = f.Estimate();
  CHECK_FALSE(estimate.deletes.has_value());
  CHECK_FALSE(estimate.deletes_due.has_value());
}

TEST_CASE("EstimatePending counts files gone since the last run, kept and unfinished deletes") {
  Fixture f;
  f.manifest.delete_remote = true;
  const PendingEstimate all_due = f.Estimate();
  // gone.html, kept.html, failed-delete.html; not the excluded, unreadable or present ones.
  REQUIRE(all_due.deletes.has_value());
  CHECK(*all_due.deletes == 3);
  CHECK(*all_due.deletes_due == 3);
  SECTION("with --delete-after-missing only those whose counter reaches N are due") {
    f.manifest.delete_after_missing = 2;
    const PendingEstimate estimate = f.Estimate();
    CHECK(*estimate.deletes == 3);
    CHECK(*estimate.deletes_due == 1);  // kept.html: 1 + 1 >= 2
  }
}

TEST_CASE("FormatPendingJson and FormatPendingText show each destination") {
  Fixture f;
  f.manifest.delete_remote = true;
  f.manifest.delete_after_missing = 2;
  PendingReport report{.local_dir = "/srv/www", .destinations = {f.Estimate()}, .warnings = {}};
  const std::string json = FormatPendingJson(report);
  CHECK(json.find("\"uploads\": 3") != std::string::npos);
  CHECK(json.find("\"upload_bytes\": 90") != std::string::npos);
  CHECK(json.find("\"deletes_due\": 1") != std::string::npos);
  const std::string text = FormatPendingText(report);
  CHECK(text.find("Pending for /srv/www -> s3://bucket/site/") != std::string::npos);
  CHECK(text.find("uploads: 3 of 4 files, 90 B") != std::string::npos);
  CHECK(text.find("deletions: 3 (1 due at the next run, 2 kept by --delete-after-missing)") !=
        std::string::npos);
  CHECK(FormatPendingText({.local_dir = "/x", .destinations = {}, .warnings = {}}) ==
        "No run recorded for /x.\n");
}

}  // namespace s3mirror::monitor
