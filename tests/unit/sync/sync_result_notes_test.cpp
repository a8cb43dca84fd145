#include <catch2/catch.hpp>

#include "sync/sync_result_notes.h"

namespace s3mirror::sync {
namespace {

constexpr const char* kEtag1 = "0cc175b9c0f1b6a831c399e269772661";
constexpr const char* kEtag2 = "92eb5ffee6ae2fec3ad71c777531578f";
const Error kFailure{.kind = ErrorKind::kLocalIo, .message = "could not be read"};

std::vector<LocalFile> Files(const std::vector<std::string>& paths) {
  std::vector<LocalFile> files;
  for (const std::string& path : paths) files.push_back({.path = path, .size = 1});
  return files;
}

}  // namespace

TEST_CASE("NoteFailedFile counts every failure but keeps only the first errors") {
  report::RunSummary summary;
  for (std::size_t i = 0; i < kMaxFirstErrors + 2; ++i) {
    NoteFailedFile(summary, "f" + std::to_string(i), kFailure);
  }
  CHECK(summary.failed == kMaxFirstErrors + 2);
  REQUIRE(summary.first_errors.size() == kMaxFirstErrors);
  CHECK(summary.first_errors.front() == "f0: could not be read");
  CHECK(summary.first_errors.back() ==
        "f" + std::to_string(kMaxFirstErrors - 1) + ": could not be read");
}

TEST_CASE("AddExecution sets the executor's counts and adds its failures and retries") {
  report::RunSummary summary;
  summary.failed = 2;   // keys too long, before the executor
  summary.retries = 3;  // during the listing
  summary.skipped = 7;
  NoteFailedFile(summary, "long", kFailure);
  const ExecutionResult executed{.uploaded = 4,
                                 .failed = 1,
                                 .deleted = 5,
                                 .bytes_uploaded = 4096,
                                 .retries = 6,
                                 .headers_fixed = 2,
                                 .first_errors = {"a.html: 500 InternalError"}};
  AddExecution(summary, executed);
  CHECK(summary.uploaded == 4);
  CHECK(summary.deleted == 5);
  CHECK(summary.failed == 4);
  CHECK(summary.bytes_uploaded == 4096);
  CHECK(summary.retries == 9);
  CHECK(summary.headers_fixed == 2);
  CHECK(summary.skipped == 7);
  CHECK(summary.first_errors ==
        std::vector<std::string>{"long: could not be read", "a.html: 500 InternalError"});
}

TEST_CASE("AddExecution stops adding first errors at the limit") {
  report::RunSummary summary;
  for (std::size_t i = 0; i + 1 < kMaxFirstErrors; ++i) NoteFailedFile(summary, "f", kFailure);
  AddExecution(summary, {.failed = 2, .first_errors = {"x: one", "y: two"}});
  REQUIRE(summary.first_errors.size() == kMaxFirstErrors);
  CHECK(summary.first_errors.back() == "x: one");
}

TEST_CASE("NoteUnfinished lists every planned upload and delete as undone") {
  const std::vector<LocalFile> files = Files({"a.css", "b.html", "c.js"});
  Plan plan;
  plan.uploads = {{.local_index = 2}, {.local_index = 0}};
  plan.deletes = {"old/x.html", "old/y.html"};
  SyncResult result;
  NoteUnfinished(result, plan, files);
  CHECK(result.planned);
  CHECK(result.unfinished_uploads == std::vector<std::string>{"c.js", "a.css"});
  CHECK(result.unfinished_deletes == plan.deletes);
  CHECK(result.deleted.empty());
}

TEST_CASE("NoteDone leaves undone only what the ledger did not see done") {
  const std::vector<LocalFile> files = Files({"a.css", "b.html"});
  Plan plan;
  plan.uploads = {{.local_index = 0}, {.local_index = 1}};
  plan.deletes = {"gone.html", "kept.html"};
  const std::vector<RemoteObject> remote_only = {{.key = "gone.html", .size = 3, .etag = kEtag1},
                                                 {.key = "kept.html", .size = 4, .etag = kEtag2}};
  RunLedger ledger;
  ledger.OnUploaded("site/b.html", 1);
  ledger.OnDeleted("site/gone.html");
  SyncResult result;
  NoteDone(result, ledger,
           {.plan = plan, .files = files, .remote_only = remote_only, .prefix = "site/"});
  CHECK(result.planned);
  CHECK(result.unfinished_uploads == std::vector<std::string>{"a.css"});
  CHECK(result.unfinished_deletes == std::vector<std::string>{"kept.html"});
  REQUIRE(result.deleted.size() == 1);
  CHECK(result.deleted[0].key == "gone.html");
  CHECK(result.deleted[0].etag == s3::Etag(kEtag1));
}

}  // namespace s3mirror::sync
