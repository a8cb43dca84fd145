#include <algorithm>
#include <filesystem>
#include <iterator>
#include <thread>

#include <catch2/catch.hpp>

#include "sync/execute/read_ahead.h"
#include "unit/sync/execute/executor_fixture.h"
#include "util/crypto.h"

namespace s3mirror::sync {

using testing::MakeResponse;
using testing::MakeS3Error;
using testing_executor::Harness;

namespace {

// The threads of this process now (Linux).
std::size_t ThreadCount() {
  return static_cast<std::size_t>(
      std::distance(std::filesystem::directory_iterator("/proc/self/task"),
                    std::filesystem::directory_iterator{}));
}

}  // namespace

TEST_CASE("Executor uploads small files with a PUT carrying their Content-MD5") {
  Harness h;
  h.AddFile("a.html", "<p>a</p>");
  h.AddFile("b.css", "b{}");
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 2);
  CHECK(result.failed == 0);
  CHECK(result.requests == 2);
  CHECK(result.bytes_uploaded == 11);
  const auto puts = h.transport.RequestsFor("PUT");
  REQUIRE(puts.size() == 2);
  CHECK(puts[0].path == "/bucket/site/a.html");
  CHECK(*puts[0].body == "<p>a</p>");
  CHECK(*http::FindHeader(puts[0].headers, "Content-MD5") == Base64Encode(Md5("<p>a</p>")));
  CHECK(http::FindHeader(puts[0].headers, "Authorization") != nullptr);  // signed
  CHECK(h.reporter.Has("uploaded site/a.html 8"));
  CHECK(h.reporter.Has("uploaded site/b.css 3"));
  // The MD5 of what was sent is recorded for the next run.
  const std::optional<FileDigest> digest = h.Recorded(0);
  REQUIRE(digest.has_value());
  CHECK(digest->MatchesEtag(HexEncode(Md5("<p>a</p>"))));
}

TEST_CASE("Executor sets the Content-Type of each file") {
  Harness h;
  const ContentTypes types(ContentTypeOptions{.mime_types_file = ""});
  h.options.content_types = &types;
  h.AddFile("index.html", "x");
  REQUIRE(h.Run().uploaded == 1);
  CHECK(*http::FindHeader(h.transport.requests()[0].headers, "Content-Type") ==
        "text/html; charset=utf-8");
}

TEST_CASE("Executor retries 503 SlowDown and then succeeds") {
  Harness h;
  h.AddFile("a.html", "a");
  h.transport.Enqueue("PUT", "/bucket/site/a.html", MakeS3Error(503, "SlowDown"));
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 1);
  CHECK(result.failed == 0);
  CHECK(result.retries == 1);
  CHECK(result.requests == 2);
  CHECK(h.reporter.Has("retry PUT s3://bucket/site/a.html throttled #1"));
  // Backoff: with random 0.5 the first retry waits half of min(cap, 200 ms * 2) on the fake clock.
  CHECK(h.clock.elapsed() >= std::chrono::milliseconds(200));
}

TEST_CASE("Executor fails only the key that keeps getting 500") {
  Harness h;
  h.options.retry.max_attempts = 3;
  h.AddFile("a.html", "a");
  h.AddFile("b.html", "b");
  h.AddFile("c.html", "c");
  for (int i = 0; i < 3; ++i) {
    h.transport.Enqueue("PUT", "/bucket/site/b.html", MakeS3Error(500, "InternalError"));
  }
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 2);
  CHECK(result.failed == 1);
  CHECK(result.retries == 2);
  CHECK(h.reporter.Has("failed site/b.html server"));
  CHECK(h.reporter.Has("uploaded site/a.html 1"));
  CHECK(h.reporter.Has("uploaded site/c.html 1"));
  REQUIRE(result.first_errors.size() == 1);
  CHECK(result.first_errors[0].rfind("site/b.html: ", 0) == 0);
  CHECK_FALSE(h.cache.Find(1, StampOf(h.files[1])));  // nothing recorded for a failure
}

TEST_CASE("Executor does not retry errors that are not retryable") {
  Harness h;
  h.AddFile("a.html", "a");
  h.transport.Enqueue("PUT", "/bucket/site/a.html", MakeS3Error(403, "AccessDenied"));
  const ExecutionResult result = h.Run();
  CHECK(result.failed == 1);
  CHECK(result.retries == 0);
  CHECK(h.reporter.Has("failed site/a.html auth"));
}

TEST_CASE("Executor treats a wrong ETag on a PUT as a failure") {
  Harness h;
  h.AddFile("a.html", "a");
  h.transport.Enqueue("PUT", "/bucket/site/a.html",
                      MakeResponse(200, "", {{"ETag", "\"" + HexEncode(Md5("other")) + "\""}}));
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 0);
  CHECK(result.failed == 1);
  REQUIRE(result.first_errors.size() == 1);
  CHECK(result.first_errors[0].find("is not the MD5 of the bytes sent") != std::string::npos);
}

TEST_CASE("Executor retries network failures") {
  Harness h;
  h.AddFile("a.html", "a");
  h.transport.Enqueue("PUT", "/bucket/site/a.html", testing::NetworkFailure("reset"));
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 1);
  CHECK(h.reporter.Has("retry PUT s3://bucket/site/a.html network #1"));
}

TEST_CASE("Executor never has more requests in flight than the concurrency") {
  Harness h;
  h.options.concurrency = 3;
  for (int i = 0; i < 20; ++i) h.AddFile("f" + std::to_string(10 + i), "x");
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 20);
  CHECK(h.transport.max_in_flight() == 3);
}

TEST_CASE("Executor keeps bodies in flight within the memory budget") {
  Harness h;
  h.options.memory_budget = 10;
  for (int i = 0; i < 6; ++i) h.AddFile("f" + std::to_string(i), "1234");
  h.transport.completions_per_wait = 1;
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 6);
  CHECK(h.transport.max_in_flight() == 2);  // 3 x 4 bytes would exceed 10
}

TEST_CASE("Executor does not send a file that changes while it is read") {
  Harness h;
  h.AddFile("a.html", "a");
  SECTION("it settles: read again later and sent") {
    h.reader.changes_during_read["/src/a.html"] = 2;
    const ExecutionResult result = h.Run();
    CHECK(result.uploaded == 1);
    CHECK(h.reader.reads == 3);
    CHECK(h.transport.requests().size() == 1);
  }
  SECTION("it keeps changing: failed after three more reads, never sent") {
    h.reader.changes_during_read["/src/a.html"] = 100;
    const ExecutionResult result = h.Run();
    CHECK(result.failed == 1);
    CHECK(h.reader.reads == 4);
    CHECK(h.transport.requests().empty());
    CHECK(h.reporter.Has("failed site/a.html source_changed"));
  }
}

TEST_CASE("Executor does not send a file changed between stat and read") {
  Harness h;
  h.AddFile("a.html", "a");
  h.reader.changes_after_stat["/src/a.html"] = 1;
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 1);
  CHECK(h.reader.reads == 2);
  CHECK(h.transport.requests().size() == 1);  // only the read that matched its stat was sent
}

TEST_CASE("Executor warns about files removed since the scan") {
  Harness h;
  h.AddFile("a.html", "a");
  h.reader.contents.clear();
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 0);
  CHECK(result.failed == 0);
  REQUIRE(h.reporter.warnings.size() == 1);
  CHECK(h.reporter.warnings[0].find("vanished") != std::string::npos);
}

TEST_CASE("Executor with read-ahead reads every file once and sends exactly its bytes") {
  Harness h;
  h.options.read_ahead_threads = 2;
  h.options.payload_sha256 = true;
  h.options.concurrency = 3;
  for (int i = 0; i < 60; ++i) {
    const std::string name = "p" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ".html";
    // Big enough to be read ahead (kMinReadAheadBytes); the last ten are small.
    const std::size_t size =
        (i < 50 ? std::size_t{kMinReadAheadBytes} : 0) + static_cast<std::size_t>(i);
    h.AddFile(name, "<p>" + std::string(size, static_cast<char>('a' + i % 26)) + "</p>");
  }
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 60);
  CHECK(h.reader.reads == 60);
  const auto puts = h.transport.RequestsFor("PUT");
  REQUIRE(puts.size() == 60);
  for (const http::Request& put : puts) {
    CHECK(*http::FindHeader(put.headers, "Content-MD5") == Base64Encode(Md5(*put.body)));
    // The SHA-256 computed with the MD5 is the one the signature covers.
    CHECK(*http::FindHeader(put.headers, "x-amz-content-sha256") == HexEncode(Sha256(*put.body)));
  }
}

TEST_CASE("Executor with read-ahead reads again a file whose stamp changed after it was read") {
  Harness h;
  h.options.read_ahead_threads = 1;
  h.options.concurrency = 1;
  h.AddFile("a.html", "a");
  h.AddFile("b.html", std::string(std::size_t{kMinReadAheadBytes}, 'b'));
  h.reader.changes_after_stat["/src/b.html"] = 1;  // the first read of b: not the stat's stamp
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 2);
  CHECK(result.failed == 0);
  CHECK(h.reader.reads == 3);
  CHECK(h.transport.RequestsFor("PUT").size() == 2);  // b only once, from the read that matched
}

TEST_CASE("Executor with read-ahead reads again a file whose read ahead failed") {
  Harness h;
  h.options.read_ahead_threads = 1;
  h.options.concurrency = 1;
  h.AddFile("a.html", "a");
  h.AddFile("b.pdf", std::string(std::size_t{kMinReadAheadBytes}, 'b'));
  h.AddFile("c.pdf", std::string(std::size_t{kMinReadAheadBytes}, 'c'));
  SECTION("a passing error: the read at the upload's start succeeds and is sent") {
    h.reader.read_errors["/src/b.pdf"] = 1;
    // a.html goes first, read on the loop; while its PUT starts, the worker reads b.pdf ahead
    // (hold the loop there until it has, so that the failure is the read ahead's).
    h.transport.SetHandler([&h](const http::Request& request) -> Result<http::Response> {
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      while (h.reader.reads < 2 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::yield();
      }
      return MakeResponse(200, "", {{"ETag", testing::PutEtag(request)}});
    });
    const ExecutionResult result = h.Run();
    CHECK(result.uploaded == 3);
    CHECK(result.failed == 0);
    CHECK(h.reader.reads == 4);
    CHECK(h.transport.RequestsFor("PUT").size() == 3);
  }
  SECTION("a lasting error: the file fails once, with the error, and the others go up") {
    h.reader.read_errors["/src/b.pdf"] = 100;
    const ExecutionResult result = h.Run();
    CHECK(result.uploaded == 2);
    CHECK(result.failed == 1);
    REQUIRE(result.first_errors.size() == 1);
    CHECK(result.first_errors[0].find("Input/output error") != std::string::npos);
    CHECK(h.reporter.Has("failed site/b.pdf local_io"));
    CHECK(h.transport.RequestsFor("PUT").size() == 2);
  }
}

TEST_CASE("Executor with read-ahead keeps what it reads ahead within the memory budget") {
  Harness h;
  h.options.read_ahead_threads = 2;
  h.options.concurrency = 8;
  // A quarter of the budget is the read-ahead's; bodies in flight get the other three quarters.
  h.options.memory_budget = 4 * kMinReadAheadBytes;
  for (int i = 0; i < 12; ++i) {
    h.AddFile("f" + std::to_string(10 + i) + ".pdf",
              std::string(std::size_t{kMinReadAheadBytes}, static_cast<char>('a' + i)));
  }
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 12);
  CHECK(h.reader.reads == 12);
  CHECK(h.transport.max_in_flight() == 3);
}

TEST_CASE("Executor with read-ahead and nothing to read ahead starts no worker") {
  Harness h;
  h.options.read_ahead_threads = 2;
  h.AddFile("a.html", "a");
  h.AddFile("b.html", "b");
  const std::size_t threads_before = ThreadCount();
  std::size_t threads_during = 0;
  h.transport.SetHandler([&](const http::Request& request) -> Result<http::Response> {
    threads_during = std::max(threads_during, ThreadCount());
    return testing::MakeResponse(200, "", {{"ETag", testing::PutEtag(request)}});
  });
  CHECK(h.Run().uploaded == 2);
  CHECK(threads_during <= threads_before);  // none started (another test's may have ended)
}

TEST_CASE("Executor accepts the ETag of an SSE-KMS answer and records it for the next run") {
  Harness h;
  h.AddFile("a.html", "<p>a</p>");
  const std::string kms_etag = "\"" + HexEncode(Md5("kms")) + "\"";
  SECTION("the answer says aws:kms: uploaded, and its ETag recorded") {
    h.transport.Enqueue(
        "PUT", "/bucket/site/a.html",
        MakeResponse(200, "", {{"ETag", kms_etag}, {"x-amz-server-side-encryption", "aws:kms"}}));
    const ExecutionResult result = h.Run();
    CHECK(result.uploaded == 1);
    CHECK(result.failed == 0);
    const std::optional<FileDigest> digest = h.Recorded(0);
    REQUIRE(digest.has_value());
    CHECK(digest->MatchesEtag(kms_etag));
    CHECK(digest->MatchesEtag(HexEncode(Md5("<p>a</p>"))));
  }
  SECTION("the answer says AES256: an ETag that is not the MD5 still fails the key") {
    h.transport.Enqueue(
        "PUT", "/bucket/site/a.html",
        MakeResponse(200, "", {{"ETag", kms_etag}, {"x-amz-server-side-encryption", "AES256"}}));
    const ExecutionResult result = h.Run();
    CHECK(result.uploaded == 0);
    CHECK(result.failed == 1);
  }
}

}  // namespace s3mirror::sync
