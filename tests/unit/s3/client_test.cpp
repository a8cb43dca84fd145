#include "s3/client.h"

#include <catch2/catch.hpp>

#include "support/fake_clock.h"
#include "support/fake_transport.h"
#include "support/static_credentials.h"
#include "unit/s3/testdata.h"

namespace s3mirror::s3 {
namespace {

using s3mirror::testing::FakeClock;
using s3mirror::testing::FakeTransport;
using s3mirror::testing::MakeResponse;
using s3mirror::testing::MakeS3Error;
using s3mirror::testing::NetworkFailure;
using testing::ReadXmlSample;

// A Client over a FakeTransport, path-style on a local endpoint, retrying without delays.
struct ClientFixture {
  FakeClock clock;
  FakeTransport transport{&clock};
  s3mirror::testing::StaticCredentials credentials;
  auth::RequestSigner signer{credentials, "us-east-1", clock};
  RequestBuilder builder{*ParseEndpoint("http://127.0.0.1:9000", "us-east-1", Addressing::kAuto),
                         "site-mirror"};
  std::vector<std::string> retries;
  Client client{ClientContext{.transport = transport,
                              .signer = signer,
                              .builder = builder,
                              .retry = http::RetryPolicy{.max_attempts = 3,
                                                         .base = std::chrono::milliseconds(0),
                                                         .cap = std::chrono::milliseconds(0)},
                              .on_retry = [this](std::string_view subject, const Error& error,
                                                 int retry, std::chrono::milliseconds) {
                                retries.push_back(std::string(subject) + " #" +
                                                  std::to_string(retry) + " " + error.s3_code);
                              }}};
};

TEST_CASE("Client retries a throttled request and then succeeds") {
  ClientFixture fixture;
  fixture.transport.Enqueue("GET", "/site-mirror/k", MakeS3Error(503, "SlowDown"));
  fixture.transport.Enqueue("GET", "/site-mirror/k", MakeResponse(200, "content"));
  auto body = fixture.client.GetObject("k");
  REQUIRE(body);
  CHECK(*body == "content");
  CHECK(fixture.transport.requests().size() == 2);
  REQUIRE(fixture.retries.size() == 1);
  CHECK(fixture.retries[0] == "GET s3://site-mirror/k #1 SlowDown");
  CHECK(http::FindHeader(fixture.transport.requests()[1].headers, "Authorization") != nullptr);
}

TEST_CASE("Client does not retry errors that are not retryable") {
  ClientFixture fixture;
  fixture.transport.Enqueue("GET", "/site-mirror/k", MakeS3Error(403, "AccessDenied"));
  auto body = fixture.client.GetObject("k");
  REQUIRE_FALSE(body);
  CHECK(body.error().kind == ErrorKind::kAuth);
  CHECK(body.error().message.rfind("GET s3://site-mirror/k: AccessDenied", 0) == 0);
  CHECK(fixture.transport.requests().size() == 1);
  CHECK(fixture.retries.empty());
}

TEST_CASE("Client gives up after the last attempt and names the subject of network errors") {
  ClientFixture fixture;
  for (int i = 0; i < 3; ++i) {
    fixture.transport.Enqueue("HEAD", "/site-mirror/k", NetworkFailure("connection to h broke"));
  }
  auto object = fixture.client.HeadObject("k");
  REQUIRE_FALSE(object);
  CHECK(object.error().kind == ErrorKind::kNetwork);
  CHECK(object.error().message == "HEAD s3://site-mirror/k: connection to h broke");
  CHECK(fixture.transport.requests().size() == 3);
  CHECK(fixture.retries.size() == 2);
}

TEST_CASE("Client lists every page, following the continuation token") {
  ClientFixture fixture;
  fixture.transport.Enqueue("GET", "/site-mirror",
                            MakeResponse(200, ReadXmlSample("list_objects_v2_page1.xml")));
  fixture.transport.Enqueue("GET", "/site-mirror",
                            MakeResponse(200, ReadXmlSample("list_objects_v2_page2.xml")));
  std::vector<size_t> progress;
  auto objects = fixture.client.ListAll("www/", [&](size_t count) { progress.push_back(count); });
  REQUIRE(objects);
  REQUIRE(objects->size() == 6);
  CHECK((*objects)[0].key == "www/annual report 2023.pdf");
  CHECK((*objects)[5].key == "www/~tilde=&.js");
  CHECK(progress == std::vector<size_t>{4, 6});
  const auto& requests = fixture.transport.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].query == "encoding-type=url&list-type=2&max-keys=1000&prefix=www%2F");
  CHECK(requests[1].query.rfind("continuation-token=1Lw8fBw4pAWr3vSD%2BTvb%2B4yR2dqLqANW", 0) == 0);
}

TEST_CASE("Client reports a malformed listing with its subject") {
  ClientFixture fixture;
  fixture.transport.Enqueue("GET", "/site-mirror", MakeResponse(200, "<ListBucketResult><Con"));
  auto page = fixture.client.List(ListParams{.prefix = "www/"});
  REQUIRE_FALSE(page);
  CHECK(page.error().kind == ErrorKind::kServer);
  CHECK(page.error().message.rfind(
            "LIST s3://site-mirror/www/: malformed ListObjectsV2 answer from the server", 0) == 0);
}

TEST_CASE("Client reads size, ETag, dates, type and metadata from HEAD") {
  ClientFixture fixture;
  fixture.transport.Enqueue("HEAD", "/site-mirror/www/a%20b.html",
                            MakeResponse(200, "",
                                         {{"Content-Length", "1234"},
                                          {"ETag", "\"5D41402ABC4B2A76B9719D911017C592\""},
                                          {"Last-Modified", "Wed, 25 Nov 2026 14:41:35 GMT"},
                                          {"Content-Type", "text/html"},
                                          {"X-Amz-Meta-Mirror-Mtime", "1700000000"}}));
  auto object = fixture.client.HeadObject("www/a b.html");
  REQUIRE(object);
  CHECK(object->key == "www/a b.html");
  CHECK(object->size == 1234);
  CHECK(object->etag == "5d41402abc4b2a76b9719d911017c592");
  CHECK(object->last_modified == "Wed, 25 Nov 2026 14:41:35 GMT");
  CHECK(object->content_type == "text/html");
  REQUIRE(object->metadata.size() == 1);
  CHECK(object->metadata[0].first == "mirror-mtime");
  CHECK(object->metadata[0].second == "1700000000");
}

TEST_CASE("Client reports a missing object as kNotFound") {
  ClientFixture fixture;
  fixture.transport.Enqueue("HEAD", "/site-mirror/gone", MakeResponse(404));
  auto object = fixture.client.HeadObject("gone");
  REQUIRE_FALSE(object);
  CHECK(object.error().kind == ErrorKind::kNotFound);
}

TEST_CASE("Client puts with Content-MD5 and deletes in one request") {
  ClientFixture fixture;
  REQUIRE(fixture.client.PutObject("k", "hello", ObjectSettings{.content_type = "text/plain"}));
  fixture.transport.Enqueue("POST", "/site-mirror",
                            MakeResponse(200, ReadXmlSample("delete_result.xml")));
  auto deleted = fixture.client.DeleteObjects({"www/old & stale.html", "www/locked.pdf"});
  REQUIRE(deleted);
  CHECK(deleted->failed.size() == 2);
  const auto& requests = fixture.transport.requests();
  REQUIRE(requests.size() == 2);
  CHECK(*http::FindHeader(requests[0].headers, "Content-MD5") == "XUFAKrxLKna5cZ2REBfFkg==");
  CHECK(*requests[0].body == "hello");
  CHECK(requests[1].query == "delete");
}

}  // namespace
}  // namespace s3mirror::s3
