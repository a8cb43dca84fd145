#include <csignal>

#include <catch2/catch.hpp>

#include "s3/client.h"
#include "s3/correcting_transport.h"
#include "support/temp_dir.h"
#include "sync/content/hash_cache.h"
#include "sync/scan/local_scanner.h"
#include "sync/sync_run.h"
#include "unit/sync/execute/executor_fixture.h"
#include "util/crypto.h"

namespace s3mirror::sync {
namespace {

using testing::MakeResponse;
using testing::MakeS3Error;

struct ListedObject {
  std::string key;
  std::string content;
};

// A ListObjectsV2 page holding `objects` (keys in order), with ETags as S3 computes them.
std::string ListingXml(const std::vector<ListedObject>& objects) {
  std::string xml = "<ListBucketResult><Name>bucket</Name><IsTruncated>false</IsTruncated>";
  for (const ListedObject& object : objects) {
    xml += "<Contents><Key>" + object.key + "</Key><Size>" + std::to_string(object.content.size()) +
           "</Size><ETag>\"" + HexEncode(Md5(object.content)) +
           "\"</ETag><LastModified>2024-01-01T00:00:00.000Z</LastModified></Contents>";
  }
  return xml + "</ListBucketResult>";
}

struct RunHarness {
  testing_executor::Harness h;  // transport, clock, signer, builder, reporter
  testing::TempDir dir;
  testing::TempDir state;
  SyncOptions options;

  RunHarness() {
    options.local_dir = dir.path();
    options.bucket = "bucket";
    options.prefix = "site";  // normalised to "site/"
    options.hash_cache_path = state.Join("hash-cache");
    options.mime_types_file = "";
  }
  void ListRemote(const std::vector<ListedObject>& objects) {
    h.transport.Enqueue("GET", "/bucket", MakeResponse(200, ListingXml(objects)));
  }
  SyncResult Run() {
    SyncEnvironment environment{.transport = h.transport,
                                .signer = h.signer,
                                .builder = h.builder,
                                .reporter = h.reporter,
                                .clock = h.clock};
    return RunSync(options, environment);
  }
};

}  // namespace

TEST_CASE("RunSync refuses a part size below S3's minimum") {
  RunHarness r;
  r.options.part_size = 3ull << 20;
  const SyncResult result = r.Run();
  REQUIRE(result.fatal.has_value());
  CHECK(result.fatal->kind == ErrorKind::kUsage);
  CHECK(result.fatal->message == "--part-size 3M is below S3's 5 MiB minimum");
  CHECK(r.h.transport.requests().empty());
}

TEST_CASE("RunSync refuses an empty or missing LOCAL_DIR before any request") {
  RunHarness r;
  SECTION("empty") {}
  SECTION("missing") { r.options.local_dir = r.dir.Join("missing"); }
  r.options.delete_remote = true;
  const SyncResult result = r.Run();
  REQUIRE(result.fatal.has_value());
  CHECK(result.fatal->kind == ErrorKind::kSafety);
  CHECK(result.summary.outcome == report::Outcome::kRefused);
  CHECK(result.fatal->message.find("refusing to sync") != std::string::npos);
  CHECK(r.h.transport.requests().empty());
}

TEST_CASE("RunSync stops with the listing's error kind") {
  RunHarness r;
  r.dir.WriteFile("a.html", "a");
  r.h.transport.Enqueue("GET", "/bucket", MakeS3Error(404, "NoSuchBucket"));
  const SyncResult result = r.Run();
  REQUIRE(result.fatal.has_value());
  CHECK(result.fatal->kind == ErrorKind::kNotFound);
  CHECK(result.summary.outcome == report::Outcome::kFailed);
  CHECK(r.h.transport.RequestsFor("PUT").empty());
}

TEST_CASE("RunSync ends as interrupted when a signal arrives while the ranges are listed") {
  RunHarness r;
  for (int i = 0; i < 2500; ++i) r.dir.WriteFile("f" + std::to_string(10000 + i), "x");
  std::atomic<int> cancel{0};
  r.h.transport.SetHandler([&](const http::Request&) -> Result<http::Response> {
    cancel = SIGTERM;  // arrives during the first page
    return MakeResponse(200, ListingXml({}));
  });
  SyncEnvironment environment{.transport = r.h.transport,
                              .signer = r.h.signer,
                              .builder = r.h.builder,
                              .reporter = r.h.reporter,
                              .clock = r.h.clock,
                              .cancel = &cancel};
  const SyncResult result = RunSync(r.options, environment);
  REQUIRE(result.fatal.has_value());
  CHECK(result.fatal->kind == ErrorKind::kCancelled);
  CHECK(result.summary.outcome == report::Outcome::kInterrupted);
  CHECK(r.h.transport.requests().size() == 1);  // no range was started after the signal
}

TEST_CASE("RunSync uploads new and changed files, skips unchanged ones and deletes the rest") {
  RunHarness r;
  r.dir.WriteFile("a.html", "new file");
  r.dir.WriteFile("b.css", "same");
  r.dir.WriteFile("c.txt", "changed!");
  r.dir.WriteFile("skip.tmp", "excluded");
  r.options.rules = {{.include = false, .glob = "**/*.tmp"}};
  r.options.delete_remote = true;
  r.options.max_delete = {.count = 0, .percent = 100, .is_percent = true};
  r.ListRemote({{"site/b.css", "same"},
                {"site/c.txt", "original"},
                {"site/old.html", "gone"},
                {"site/x.tmp", "kept: excluded"}});
  r.h.transport.Enqueue("POST", "/bucket", MakeResponse(200, "<DeleteResult></DeleteResult>"));
  const SyncResult result = r.Run();
  CHECK_FALSE(result.fatal.has_value());
  CHECK(result.summary.outcome == report::Outcome::kSuccess);
  CHECK(result.summary.files_scanned == 3);
  CHECK(result.summary.uploaded == 2);
  CHECK(result.summary.skipped == 1);
  CHECK(result.summary.deleted == 1);
  CHECK(result.summary.failed == 0);
  const auto puts = r.h.transport.RequestsFor("PUT");
  REQUIRE(puts.size() == 2);  // website order: the asset before the page
  CHECK(puts[0].path == "/bucket/site/c.txt");
  CHECK(puts[1].path == "/bucket/site/a.html");
  const auto deletes = r.h.transport.RequestsFor("POST", "delete");
  REQUIRE(deletes.size() == 1);
  CHECK(deletes[0].body->find("<Key>site/old.html</Key>") != std::string::npos);
  CHECK(deletes[0].body->find("x.tmp") == std::string::npos);

  // The hash cache now knows all three files: uploaded ones from the bytes sent, b.css from the
  // content check, so the next run reads none of them.
  const Filter filter(r.options.rules);
  Result<ScanResult> scan = ScanLocal({.local_dir = r.dir.path(), .filter = &filter});
  REQUIRE(scan.has_value());
  Result<HashCache> cache = LoadHashCache(r.options.hash_cache_path, scan->files);
  REQUIRE(cache.has_value());
  CHECK(cache->known_count() == 3);

  SECTION("the next run uploads nothing") {
    RunHarness again;
    again.options = r.options;
    again.ListRemote({{"site/a.html", "new file"},
                      {"site/b.css", "same"},
                      {"site/c.txt", "changed!"},
                      {"site/x.tmp", "kept: excluded"}});
    const SyncResult second = again.Run();
    CHECK(second.summary.outcome == report::Outcome::kSuccess);
    CHECK(second.summary.skipped == 3);
    CHECK(second.summary.uploaded == 0);
    CHECK(again.h.transport.requests().size() == 1);  // the listing only
  }
}

TEST_CASE("RunSync in dry-run reports the plan and changes nothing") {
  RunHarness r;
  r.dir.WriteFile("a.html", "a");
  r.options.dry_run = true;
  r.options.delete_remote = true;
  r.options.force_delete = true;
  r.ListRemote({{"site/old.html", "o"}});
  const SyncResult result = r.Run();
  CHECK(result.summary.outcome == report::Outcome::kDryRun);
  CHECK(r.h.transport.requests().size() == 1);  // the listing
  CHECK(r.h.reporter.Has("phase planning"));
}

TEST_CASE("RunSync refuses to delete more than the limit and uploads nothing") {
  RunHarness r;
  r.dir.WriteFile("a.html", "a");
  r.options.delete_remote = true;
  std::vector<ListedObject> listed;
  for (int i = 0; i < 9; ++i) listed.push_back({"site/old" + std::to_string(i), "o"});
  r.ListRemote(listed);
  const SyncResult result = r.Run();
  REQUIRE(result.fatal.has_value());
  CHECK(result.fatal->kind == ErrorKind::kSafety);
  CHECK(result.fatal->message.rfind("refusing to delete 9 of 9 objects (limit 10%)", 0) == 0);
  CHECK(result.summary.outcome == report::Outcome::kRefused);
  CHECK(r.h.transport.requests().size() == 1);  // the listing only
}

TEST_CASE("RunSync reports a partial run when a file fails") {
  RunHarness r;
  r.dir.WriteFile("a.html", "a");
  r.dir.WriteFile("b.html", "b");
  r.ListRemote({});
  r.h.transport.Enqueue("PUT", "/bucket/site/a.html", MakeS3Error(403, "AccessDenied"));
  const SyncResult result = r.Run();
  CHECK_FALSE(result.fatal.has_value());
  CHECK(result.summary.outcome == report::Outcome::kPartial);
  CHECK(result.summary.failed == 1);
  CHECK(result.summary.uploaded == 1);
  REQUIRE(result.summary.first_errors.size() == 1);
}

TEST_CASE("RunSync counts every request of the run by type, the listing included") {
  RunHarness r;
  r.dir.WriteFile("a.html", "a");
  r.dir.WriteFile("b.css", "b");
  r.options.delete_remote = true;
  r.options.force_delete = true;
  r.ListRemote({{"site/old.png", "o"}});
  r.h.transport.Enqueue("PUT", "/bucket/site/b.css", MakeS3Error(503, "SlowDown"));
  r.h.transport.Enqueue("POST", "/bucket", MakeResponse(200, "<DeleteResult></DeleteResult>"));
  const SyncResult result = r.Run();
  REQUIRE(result.summary.outcome == report::Outcome::kSuccess);
  const http::RequestCounts& counts = result.summary.request_counts;
  CHECK(result.summary.requests == r.h.transport.requests().size());
  CHECK(result.summary.requests == 5);
  CHECK(counts.list == 1);
  CHECK(counts.put == 3);
  CHECK(counts.del == 1);
  CHECK(counts.throttled == 1);
  CHECK(counts.server_errors == 0);
  CHECK(result.summary.retries == 1);
}

TEST_CASE("RunSync counts the listing of a run that stops after it") {
  RunHarness r;
  r.dir.WriteFile("a.html", "a");
  r.options.delete_remote = true;
  std::vector<ListedObject> listed;
  for (int i = 0; i < 9; ++i) listed.push_back({"site/old" + std::to_string(i), "o"});
  r.ListRemote(listed);
  const SyncResult result = r.Run();
  CHECK(result.summary.outcome == report::Outcome::kRefused);
  CHECK(result.summary.requests == 1);
  CHECK(result.summary.request_counts.list == 1);
}

TEST_CASE("RunSync given the network's counting layer counts the resends under its transport") {
  RunHarness r;
  r.dir.WriteFile("a.html", "a");
  http::CountingTransport counted(r.h.transport);  // directly above the network
  s3::CorrectingTransport correcting(counted, r.h.signer, r.h.clock, r.h.builder.endpoint());
  // Sent before the run, through the same layers: not the run's.
  s3::Client client(s3::ClientContext{.transport = correcting,
                                      .signer = r.h.signer,
                                      .builder = r.h.builder,
                                      .retry = http::RetryPolicy{},
                                      .on_retry = {}});
  REQUIRE(client.HeadBucket());
  r.h.transport.Enqueue("GET", "/bucket",
                        MakeResponse(301, "", {{"x-amz-bucket-region", "eu-west-1"}}));
  r.ListRemote({});
  SyncEnvironment environment{.transport = correcting,
                              .signer = r.h.signer,
                              .builder = r.h.builder,
                              .reporter = r.h.reporter,
                              .clock = r.h.clock,
                              .counted = &counted};
  const SyncResult result = RunSync(r.options, environment);
  REQUIRE(result.summary.outcome == report::Outcome::kSuccess);
  REQUIRE(r.h.transport.requests().size() == 4);  // HEAD, the listing twice, one PUT
  CHECK(correcting.resent() == 1);
  CHECK(result.summary.requests == 3);
  CHECK(result.summary.request_counts.list == 2);
  CHECK(result.summary.request_counts.put == 1);
  CHECK(result.summary.request_counts.head == 0);
  CHECK(result.summary.retries == 0);  // a correction is not a retry
}

TEST_CASE("RunSync uploads pages after assets, or in key order without website order") {
  for (const bool website_order : {true, false}) {
    RunHarness r;
    r.dir.WriteFile("a.html", "a");
    r.dir.WriteFile("b.css", "b");
    r.dir.WriteFile("c.htm", "c");
    r.options.website_order = website_order;
    r.ListRemote({});
    REQUIRE(r.Run().summary.uploaded == 3);
    std::vector<std::string> paths;
    for (const http::Request& put : r.h.transport.RequestsFor("PUT")) paths.push_back(put.path);
    const std::vector<std::string> expected =
        website_order ? std::vector<std::string>{"/bucket/site/b.css", "/bucket/site/a.html",
                                                 "/bucket/site/c.htm"}
                      : std::vector<std::string>{"/bucket/site/a.html", "/bucket/site/b.css",
                                                 "/bucket/site/c.htm"};
    CHECK(paths == expected);
  }
}

TEST_CASE("RunSync with --delete-after-missing keeps a missing object until the Nth good run") {
  testing::TempDir state;
  const auto run = [&state](bool fail_upload) {
    RunHarness r;
    r.dir.WriteFile("a.html", "a");
    if (fail_upload) r.dir.WriteFile("new.html", "n");
    r.options.delete_remote = true;
    r.options.force_delete = true;
    r.options.delete_after_missing = 3;
    r.options.missing_counts_path = state.Join("x.missing");
    r.ListRemote({{"site/a.html", "a"}, {"site/gone.html", "g"}});
    if (fail_upload) {
      r.h.transport.Enqueue("PUT", "/bucket/site/new.html", MakeS3Error(403, "AccessDenied"));
    }
    r.h.transport.Enqueue("POST", "/bucket", MakeResponse(200, "<DeleteResult></DeleteResult>"));
    SyncResult result = r.Run();
    return std::make_pair(std::move(result), r.h.transport.RequestsFor("POST", "delete").size());
  };
  auto [first, first_deletes] = run(false);
  CHECK(first.summary.outcome == report::Outcome::kSuccess);
  CHECK(first_deletes == 0);
  CHECK(first.kept_missing == 1);
  CHECK(first.kept_note == "kept 1 missing object(s) (--delete-after-missing 3): 1 after 2 more");
  auto [failed, failed_deletes] = run(true);  // a partial run: the counter does not advance
  CHECK(failed.summary.outcome == report::Outcome::kPartial);
  CHECK(failed_deletes == 0);
  CHECK(failed.unfinished_uploads == std::vector<std::string>{"new.html"});
  auto [second, second_deletes] = run(false);
  CHECK(second_deletes == 0);
  CHECK(second.kept_note.find("1 deleted at the next successful run") != std::string::npos);
  auto [third, third_deletes] = run(false);
  CHECK(third.summary.outcome == report::Outcome::kSuccess);
  CHECK(third_deletes == 1);
  CHECK(third.summary.deleted == 1);
  REQUIRE(third.deleted.size() == 1);
  CHECK(third.deleted[0].key == "gone.html");
  CHECK(third.deleted[0].size == 1);
  CHECK(third.deleted[0].etag == HexEncode(Md5("g")));
  CHECK(third.kept_missing == 0);
  CHECK(third.unfinished_deletes.empty());
}

TEST_CASE("RunSync refuses --delete-after-missing without --delete") {
  RunHarness r;
  r.dir.WriteFile("a.html", "a");
  r.options.delete_after_missing = 2;
  r.options.missing_counts_path = r.state.Join("x.missing");
  const SyncResult result = r.Run();
  REQUIRE(result.fatal.has_value());
  CHECK(result.fatal->kind == ErrorKind::kUsage);
  CHECK(r.h.transport.requests().empty());
}

TEST_CASE("RunSync refused by the deletion guard leaves its whole plan unfinished") {
  RunHarness r;
  r.dir.WriteFile("a.html", "a");
  r.options.delete_remote = true;
  r.options.max_delete = {.count = 0, .percent = 0, .is_percent = false};
  r.ListRemote({{"site/old.html", "o"}});
  const SyncResult result = r.Run();
  CHECK(result.summary.outcome == report::Outcome::kRefused);
  CHECK(result.planned);
  CHECK(result.unfinished_uploads == std::vector<std::string>{"a.html"});
  CHECK(result.unfinished_deletes == std::vector<std::string>{"old.html"});
}

}  // namespace s3mirror::sync
