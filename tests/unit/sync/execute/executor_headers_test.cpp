// The executor's body checksums (--checksum) and header repairs (CopyObject onto itself, HEAD
// first for the --fix-headers audit), over the fake transport.
#include <catch2/catch.hpp>

#include "s3/etag.h"
#include "unit/sync/execute/executor_fixture.h"
#include "util/crc32c.h"
#include "util/crypto.h"

namespace s3mirror::sync {
namespace {

using testing::MakeResponse;
using testing::MakeS3Error;
using testing_executor::Harness;

const std::string* Find(const http::Request& request, std::string_view name) {
  return http::FindHeader(request.headers, name);
}

// Turns every planned upload of `h` into an unchanged object to repair.
void PlanRepairs(Harness& h, bool check_first, std::uint64_t size_override = 0) {
  for (const PlannedUpload& upload : h.plan.uploads) {
    h.plan.header_repairs.push_back(
        {.local_index = upload.local_index,
         .size = size_override != 0 ? size_override : h.files[upload.local_index].size,
         .etag = "0123456789abcdef0123456789abcdef",
         .check_first = check_first});
  }
  h.plan.uploads.clear();
  h.plan.upload_bytes = 0;
}

ExecutionResult RunWithRecord(Harness& h, HeaderRecord& record) {
  record.fingerprints.resize(h.files.size(), 0);
  ExecutorEnvironment environment = h.EnvironmentOver(h.transport);
  environment.header_record = &record;
  return h.RunIn(environment);
}

}  // namespace

TEST_CASE("Executor sends x-amz-checksum-crc32c instead of Content-MD5 under --checksum crc32c") {
  Harness h;
  h.options.checksum = s3::ChecksumAlgorithm::kCrc32c;
  h.AddFile("a.html", "123456789");
  REQUIRE(h.Run().uploaded == 1);
  const auto puts = h.transport.RequestsFor("PUT");
  REQUIRE(puts.size() == 1);
  CHECK(*Find(puts[0], "x-amz-checksum-crc32c") == "4waSgw==");
  CHECK(*Find(puts[0], "x-amz-sdk-checksum-algorithm") == "CRC32C");
  CHECK(Find(puts[0], "Content-MD5") == nullptr);
}

TEST_CASE("Executor sends no body checksum under --checksum none but still checks the ETag") {
  Harness h;
  h.options.checksum = s3::ChecksumAlgorithm::kNone;
  h.AddFile("a.html", "abc");
  h.transport.Enqueue("PUT", "/bucket/site/a.html",
                      MakeResponse(200, "", {{"ETag", "\"" + HexEncode(Md5("abd")) + "\""}}));
  const ExecutionResult result = h.Run();
  CHECK(result.failed == 1);
  const auto puts = h.transport.RequestsFor("PUT");
  REQUIRE(puts.size() == 1);
  CHECK(Find(puts[0], "Content-MD5") == nullptr);
  CHECK(Find(puts[0], "x-amz-sdk-checksum-algorithm") == nullptr);
}

TEST_CASE("Executor carries the sha256 checksum through a multipart upload") {
  Harness h;
  h.options.checksum = s3::ChecksumAlgorithm::kSha256;
  h.options.multipart_threshold = 10;
  h.options.part_size = 6;
  h.EmulateMultipart();
  h.AddFile("big.pdf", "0123456789ab");
  REQUIRE(h.Run().uploaded == 1);
  const auto creates = h.transport.RequestsFor("POST", "uploads");
  REQUIRE(creates.size() == 1);
  CHECK(*Find(creates[0], "x-amz-checksum-algorithm") == "SHA256");
  const auto parts = h.transport.RequestsFor("PUT", "partNumber=");
  REQUIRE(parts.size() == 2);
  CHECK(*Find(parts[0], "x-amz-checksum-sha256") == Base64Encode(Sha256("012345")));
  CHECK(*Find(parts[1], "x-amz-checksum-sha256") == Base64Encode(Sha256("6789ab")));
  CHECK(Find(parts[0], "Content-MD5") == nullptr);
  const auto completes = h.transport.RequestsFor("POST", "uploadId");
  REQUIRE(completes.size() == 1);
  CHECK(completes[0].body->find("<ChecksumSHA256>" + Base64Encode(Sha256("6789ab")) +
                                "</ChecksumSHA256>") != std::string::npos);
}

TEST_CASE("Executor repairs headers with a metadata-only copy onto the object itself") {
  Harness h;
  const ContentTypes types(ContentTypeOptions{.mime_types_file = ""});
  Result<HeaderRules> rules = HeaderRules::Parse("**/*.css: Cache-Control: max-age=86400\n", "r");
  REQUIRE(rules);
  h.options.settings.acl = "public-read";
  h.options.settings.storage_class = "STANDARD_IA";
  const HeaderPolicy policy(h.options.settings, &types, &*rules);
  h.options.headers = &policy;
  h.AddFile("s/site.css", "b{}");
  PlanRepairs(h, false);
  HeaderRecord record;
  const ExecutionResult result = RunWithRecord(h, record);
  CHECK(result.headers_fixed == 1);
  CHECK(result.failed == 0);
  const auto puts = h.transport.RequestsFor("PUT");
  REQUIRE(puts.size() == 1);
  const http::Request& copy = puts[0];
  CHECK(copy.path == "/bucket/site/s/site.css");
  CHECK(copy.body == nullptr);
  CHECK(*Find(copy, "x-amz-copy-source") == "/bucket/site/s/site.css");
  CHECK(*Find(copy, "x-amz-copy-source-if-match") == "\"0123456789abcdef0123456789abcdef\"");
  CHECK(*Find(copy, "x-amz-metadata-directive") == "REPLACE");
  CHECK(*Find(copy, "Cache-Control") == "max-age=86400");
  CHECK(*Find(copy, "Content-Type") == "text/css; charset=utf-8");
  CHECK(*Find(copy, "x-amz-acl") == "public-read");
  CHECK(*Find(copy, "x-amz-storage-class") == "STANDARD_IA");
  CHECK(record.fingerprints[0] == HeaderFingerprint(policy.For("s/site.css")));
}

TEST_CASE("Executor audits with HEAD and copies only objects whose stored headers differ") {
  Harness h;
  h.options.settings.cache_control = "max-age=60";
  const HeaderPolicy policy(h.options.settings, nullptr, nullptr);
  h.options.headers = &policy;
  h.AddFile("right.html", "a");
  h.AddFile("wrong.html", "b");
  h.AddFile("gone.html", "c");
  PlanRepairs(h, true);
  h.transport.Enqueue("HEAD", "/bucket/site/right.html",
                      MakeResponse(200, "", {{"Cache-Control", "max-age=60"}}));
  h.transport.Enqueue("HEAD", "/bucket/site/wrong.html",
                      MakeResponse(200, "", {{"Cache-Control", "no-cache"}}));
  h.transport.Enqueue("HEAD", "/bucket/site/gone.html", MakeResponse(404, ""));
  HeaderRecord record;
  const ExecutionResult result = RunWithRecord(h, record);
  CHECK(result.headers_checked == 3);
  CHECK(result.headers_fixed == 1);
  CHECK(result.failed == 0);
  const auto puts = h.transport.RequestsFor("PUT");
  REQUIRE(puts.size() == 1);
  CHECK(puts[0].path == "/bucket/site/wrong.html");
  const std::uint64_t desired = HeaderFingerprint(policy.For("x"));
  CHECK(record.fingerprints == std::vector<std::uint64_t>{desired, desired, 0});
}

TEST_CASE("Executor fails the key of a failed copy and skips objects over 5 GiB") {
  Harness h;
  h.AddFile("a.html", "a");
  h.AddFile("b.html", "b");
  PlanRepairs(h, false);
  h.plan.header_repairs[1].size = (5ull << 30) + 1;
  h.transport.Enqueue("PUT", "/bucket/site/a.html",
                      MakeResponse(200, "<Error><Code>InternalError</Code></Error>"));
  h.options.retry.max_attempts = 1;
  HeaderRecord record;
  const ExecutionResult result = RunWithRecord(h, record);
  CHECK(result.failed == 1);
  CHECK(result.headers_fixed == 0);
  CHECK(result.headers_too_large == 1);
  CHECK(h.transport.RequestsFor("PUT").size() == 1);
  CHECK(h.reporter.warnings.size() == 1);
  CHECK(record.fingerprints == std::vector<std::uint64_t>{0, 0});
}

}  // namespace s3mirror::sync
