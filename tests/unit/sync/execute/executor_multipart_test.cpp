#include <catch2/catch.hpp>

#include "s3/etag.h"
#include "unit/sync/execute/executor_fixture.h"
#include "util/crypto.h"

namespace s3mirror::sync {

using testing::MakeResponse;
using testing::MakeS3Error;
using testing_executor::Harness;

namespace {

// A file of 2.5 parts: multipart with 3 parts (10, 10, 5 bytes).
void AddBigFile(Harness& h) {
  h.options.multipart_threshold = 20;
  h.options.part_size = 10;
  h.AddFile("big.pdf", "0123456789abcdefghijKLMNO");
}

}  // namespace

TEST_CASE("Executor uploads big files in parts and completes them") {
  Harness h;
  AddBigFile(h);
  h.AddFile("small.html", "s");
  h.EmulateMultipart();
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 2);
  CHECK(result.failed == 0);
  CHECK(result.bytes_uploaded == 26);
  REQUIRE(h.transport.RequestsFor("POST", "uploads").size() == 1);
  const auto parts = h.transport.RequestsFor("PUT", "partNumber=");
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].query == "partNumber=1&uploadId=UP1");
  CHECK(*parts[0].body == "0123456789");
  CHECK(*parts[2].body == "KLMNO");
  CHECK(*http::FindHeader(parts[2].headers, "Content-MD5") == Base64Encode(Md5("KLMNO")));
  const auto complete = h.transport.RequestsFor("POST", "uploadId=");
  REQUIRE(complete.size() == 1);
  CHECK(complete[0].body->find("<PartNumber>3</PartNumber><ETag>\"" + HexEncode(Md5("KLMNO"))) !=
        std::string::npos);
  CHECK(h.reporter.Has("uploaded site/big.pdf 25"));
  CHECK(h.reporter.bytes_sent == 25);
  CHECK(h.transport.RequestsFor("DELETE").empty());
  // The multipart ETag is recorded so the next run need not read the file.
  const std::optional<FileDigest> digest = h.Recorded(0);
  REQUIRE(digest.has_value());
  CHECK(
      digest->MatchesEtag(s3::MultipartEtag({Md5("0123456789"), Md5("abcdefghij"), Md5("KLMNO")})));
}

TEST_CASE("Executor sends parts in parallel within the concurrency") {
  Harness h;
  AddBigFile(h);
  h.options.part_size = 5;  // 5 parts
  h.options.concurrency = 2;
  h.EmulateMultipart();
  REQUIRE(h.Run().uploaded == 1);
  CHECK(h.transport.RequestsFor("PUT", "partNumber=").size() == 5);
  CHECK(h.transport.max_in_flight() == 2);
}

TEST_CASE("Executor aborts a multipart upload when a part fails") {
  Harness h;
  AddBigFile(h);
  h.options.retry.max_attempts = 2;
  h.EmulateMultipart();
  const auto handler = [&h](const http::Request& request) -> Result<http::Response> {
    if (request.method == "PUT" && request.query.rfind("partNumber=2&", 0) == 0) {
      return MakeS3Error(500, "InternalError");
    }
    if (request.method == "DELETE") return MakeResponse(204);
    if (request.method == "POST") {
      return MakeResponse(200,
                          "<InitiateMultipartUploadResult><UploadId>UP1</UploadId>"
                          "</InitiateMultipartUploadResult>");
    }
    return MakeResponse(200, "", {{"ETag", testing::PutEtag(request)}});
  };
  h.transport.SetHandler(handler);
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 0);
  CHECK(result.failed == 1);
  const auto aborts = h.transport.RequestsFor("DELETE", "uploadId=UP1");
  REQUIRE(aborts.size() == 1);
  CHECK(aborts[0].path == "/bucket/site/big.pdf");
  CHECK(h.transport.RequestsFor("POST", "uploadId=").empty());  // never completed
  CHECK(h.reporter.Has("failed site/big.pdf server"));
}

TEST_CASE("Executor treats a wrong multipart ETag as a failure") {
  Harness h;
  AddBigFile(h);
  h.EmulateMultipart();
  h.transport.Enqueue("POST", "/bucket/site/big.pdf",
                      MakeResponse(200,
                                   "<InitiateMultipartUploadResult><UploadId>UP1</UploadId>"
                                   "</InitiateMultipartUploadResult>"));
  h.transport.Enqueue("POST", "/bucket/site/big.pdf",
                      MakeResponse(200,
                                   "<CompleteMultipartUploadResult><ETag>\"00-3\"</ETag>"
                                   "</CompleteMultipartUploadResult>"));
  const ExecutionResult result = h.Run();
  CHECK(result.failed == 1);
  REQUIRE(result.first_errors.size() == 1);
  CHECK(result.first_errors[0].find("not the multipart ETag") != std::string::npos);
}

TEST_CASE("Executor completes a multipart upload under SSE-KMS and records the ETag it got") {
  Harness h;
  AddBigFile(h);
  h.EmulateMultipart();
  // Under SSE-KMS neither the parts' nor the object's ETag is an MD5.
  for (int part = 0; part < 3; ++part) {
    h.transport.Enqueue("PUT", "/bucket/site/big.pdf",
                        MakeResponse(200, "",
                                     {{"ETag", "\"" + HexEncode(Md5("part")) + "\""},
                                      {"x-amz-server-side-encryption", "aws:kms"}}));
  }
  const std::string kms_etag = HexEncode(Md5("kms object")) + "-3";
  h.transport.Enqueue("POST", "/bucket/site/big.pdf",  // create, then complete: same path
                      MakeResponse(200,
                                   "<InitiateMultipartUploadResult><UploadId>UP1</UploadId>"
                                   "</InitiateMultipartUploadResult>"));
  h.transport.Enqueue("POST", "/bucket/site/big.pdf",
                      MakeResponse(200,
                                   "<CompleteMultipartUploadResult><ETag>\"" + kms_etag +
                                       "\"</ETag></CompleteMultipartUploadResult>",
                                   {{"x-amz-server-side-encryption", "aws:kms"}}));
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 1);
  CHECK(result.failed == 0);
  const std::optional<FileDigest> digest = h.Recorded(0);
  REQUIRE(digest.has_value());
  CHECK(digest->MatchesEtag(kms_etag));
}

TEST_CASE("Executor restarts a multipart upload whose file changed between parts") {
  Harness h;
  AddBigFile(h);
  h.options.concurrency = 1;
  h.EmulateMultipart();
  h.reader.changes_during_read["/src/big.pdf"] = 1;  // the first part's read sees a change
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 1);
  CHECK(h.transport.RequestsFor("POST", "uploads").size() == 2);      // created again
  CHECK(h.transport.RequestsFor("DELETE", "uploadId=").size() == 1);  // the first one aborted
  CHECK(h.transport.RequestsFor("PUT", "partNumber=").size() == 3);
}

TEST_CASE("Executor runs deletes in batches of 1000 after the uploads") {
  Harness h;
  h.AddFile("a.html", "a");
  for (int i = 0; i < 1500; ++i) h.plan.deletes.push_back("old/" + std::to_string(10000 + i));
  h.transport.SetHandler([](const http::Request& request) -> Result<http::Response> {
    if (request.query == "delete") {
      // One key of the second batch cannot be deleted.
      const bool second = request.body->find("site/old/11499") != std::string::npos;
      return MakeResponse(200, std::string("<DeleteResult>") +
                                   (second ? "<Error><Key>site/old/11499</Key><Code>AccessDenied"
                                             "</Code><Message>no</Message></Error>"
                                           : "") +
                                   "</DeleteResult>");
    }
    return MakeResponse(200, "", {{"ETag", testing::PutEtag(request)}});
  });
  const ExecutionResult result = h.Run();
  CHECK(result.uploaded == 1);
  CHECK(result.deleted == 1499);
  CHECK(result.failed == 1);
  const auto batches = h.transport.RequestsFor("POST", "delete");
  REQUIRE(batches.size() == 2);
  CHECK(h.transport.requests()[0].method == "PUT");  // uploads first
  CHECK(batches[0].body->find("<Key>site/old/10000</Key>") != std::string::npos);
  CHECK(batches[0].body->find("<Key>site/old/11000</Key>") == std::string::npos);
  CHECK(batches[1].body->find("<Key>site/old/11000</Key>") != std::string::npos);
  CHECK(h.reporter.Has("deleted site/old/10000"));
  CHECK_FALSE(h.reporter.Has("deleted site/old/11499"));
  CHECK(h.reporter.Has("failed site/old/11499 auth"));
}

TEST_CASE("Executor skips deletes when an upload failed") {
  Harness h;
  h.AddFile("a.html", "a");
  h.plan.deletes = {"gone.html"};
  h.transport.Enqueue("PUT", "/bucket/site/a.html", MakeS3Error(403, "AccessDenied"));
  const ExecutionResult result = h.Run();
  CHECK(result.failed == 1);
  CHECK(result.deleted == 0);
  CHECK(result.deletes_skipped);
  CHECK(h.transport.RequestsFor("POST", "delete").empty());
  REQUIRE(h.reporter.warnings.size() == 1);
  CHECK(h.reporter.warnings[0] == "skipped 1 deletion(s) because 1 upload(s) failed");
}

TEST_CASE("Executor stops starting work when cancelled and aborts multipart uploads") {
  Harness h;
  h.AddFile("a.html", "a");
  AddBigFile(h);
  std::atomic<int> cancel{0};
  h.options.concurrency = 2;
  h.plan.deletes = {"gone.html"};
  // Cancel as soon as the multipart upload is created (like a SIGTERM arriving then).
  h.transport.SetHandler([&](const http::Request& request) -> Result<http::Response> {
    if (request.method == "POST" && request.query == "uploads") {
      cancel = 15;
      return MakeResponse(200,
                          "<InitiateMultipartUploadResult><UploadId>UP1</UploadId>"
                          "</InitiateMultipartUploadResult>");
    }
    if (request.method == "DELETE") return MakeResponse(204);
    return MakeResponse(200, "", {{"ETag", testing::PutEtag(request)}});
  });
  const ExecutionResult result = h.Run(&cancel);
  CHECK(result.interrupted);
  CHECK(result.failed == 0);
  CHECK(result.deletes_skipped);
  CHECK(h.transport.RequestsFor("PUT", "partNumber=").empty());
  CHECK(h.transport.RequestsFor("DELETE", "uploadId=UP1").size() == 1);
  CHECK(h.transport.RequestsFor("POST", "delete").empty());
  // a.html's PUT was in flight when the cancel came and was allowed to finish.
  CHECK(result.uploaded == 1);
}

}  // namespace s3mirror::sync

namespace s3mirror::sync {

TEST_CASE("Executor drops waiting retries when cancelled without counting failures") {
  testing_executor::Harness h;
  h.AddFile("a.html", "a");
  std::atomic<int> cancel{0};
  h.transport.SetHandler([&](const http::Request&) -> Result<http::Response> {
    cancel = 2;  // SIGINT while the first attempt is out
    return testing::MakeS3Error(503, "SlowDown");
  });
  const ExecutionResult result = h.Run(&cancel);
  CHECK(result.interrupted);
  CHECK(result.failed == 0);
  CHECK(result.uploaded == 0);
  CHECK(h.transport.requests().size() == 1);  // no retry after the cancel
}

}  // namespace s3mirror::sync
