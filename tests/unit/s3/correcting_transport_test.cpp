#include "s3/correcting_transport.h"

#include <catch2/catch.hpp>

#include "s3/client.h"
#include "support/fake_clock.h"
#include "support/fake_transport.h"
#include "unit/s3/testdata.h"

namespace s3mirror::s3 {
namespace {

using s3mirror::testing::FakeClock;
using s3mirror::testing::FakeTransport;
using s3mirror::testing::MakeResponse;
using s3mirror::testing::MakeS3Error;
using testing::ReadXmlSample;

// Hands out key AKID<n>, n counting the fetches (a fetch after ForceRefresh gives a new key).
class CountingCredentials final : public auth::CredentialProvider {
 public:
  Result<auth::Credentials> Get() override {
    if (!kept_ && refresh_fails && fetches > 0) {
      return Fail(ErrorKind::kNetwork, "credential endpoint down");
    }
    if (!kept_) {
      ++fetches;
      kept_ = auth::Credentials{.access_key_id = "AKID" + std::to_string(fetches),
                                .secret_access_key = "secret",
                                .session_token = "token",
                                .expiration = std::nullopt,
                                .source = "test",
                                .file = ""};
    }
    return *kept_;
  }
  void ForceRefresh() override { kept_.reset(); }
  int fetches = 0;
  bool refresh_fails = false;

 private:
  std::optional<auth::Credentials> kept_;
};

// A Client over CorrectingTransport over FakeTransport, for `endpoint_url` signed for us-east-1.
struct Fixture {
  explicit Fixture(const std::string& endpoint_url = "http://127.0.0.1:9000")
      : endpoint(*ParseEndpoint(endpoint_url, "us-east-1", Addressing::kPath)) {}
  FakeClock clock;
  FakeTransport network{&clock};
  CountingCredentials credentials;
  auth::RequestSigner signer{credentials, "us-east-1", clock};
  Endpoint endpoint;
  CorrectingTransport transport{network, signer, clock, endpoint};
  RequestBuilder builder{endpoint, "site-mirror"};
  Client client{ClientContext{.transport = transport,
                              .signer = signer,
                              .builder = builder,
                              .retry = http::RetryPolicy{.max_attempts = 1,
                                                         .base = std::chrono::milliseconds(0),
                                                         .cap = std::chrono::milliseconds(0)},
                              .on_retry = {}}};
  std::vector<std::string> notices;
  void Listen() {
    transport.set_notice([this](const std::string& text) { notices.push_back(text); });
  }
  std::string Header(size_t request, const char* name) const {
    const std::string* value = http::FindHeader(network.requests().at(request).headers, name);
    return value ? *value : "";
  }
};

http::Response Skewed() {
  return MakeResponse(403, ReadXmlSample("error_request_time_too_skewed.xml"),
                      {{"Date", "Tue, 02 Jan 2024 04:04:05 GMT"}});
}

TEST_CASE("CorrectingTransport signs with the server's clock after RequestTimeTooSkewed") {
  Fixture fixture;  // the fake clock says 2024-01-02T03:04:05Z; the server is an hour ahead
  fixture.Listen();
  fixture.network.Enqueue("GET", "/site-mirror/k", Skewed());
  fixture.network.Enqueue("GET", "/site-mirror/k", MakeResponse(200, "ok"));
  fixture.network.Enqueue("GET", "/site-mirror/k", MakeResponse(200, "ok"));
  REQUIRE(fixture.client.GetObject("k"));
  REQUIRE(fixture.client.GetObject("k"));
  REQUIRE(fixture.network.requests().size() == 3);
  CHECK(fixture.Header(0, "x-amz-date") == "20240102T030405Z");
  CHECK(fixture.Header(1, "x-amz-date") == "20240102T040405Z");
  CHECK(fixture.Header(2, "x-amz-date") == "20240102T040405Z");  // for the rest of the run
  REQUIRE(fixture.notices.size() == 1);
  CHECK(fixture.notices[0].find("3600 s ahead of this machine's") != std::string::npos);
}

TEST_CASE("CorrectingTransport passes a RequestTimeTooSkewed on after its last resend") {
  Fixture fixture;
  for (int i = 0; i <= kMaxResends; ++i) fixture.network.Enqueue("GET", "/site-mirror/k", Skewed());
  auto body = fixture.client.GetObject("k");
  REQUIRE_FALSE(body);
  CHECK(body.error().kind == ErrorKind::kAuth);
  CHECK(body.error().s3_code == "RequestTimeTooSkewed");
  CHECK(fixture.network.requests().size() == 1 + kMaxResends);
}

TEST_CASE("CorrectingTransport switches the signing region after AuthorizationHeaderMalformed") {
  Fixture fixture;
  fixture.Listen();
  fixture.network.Enqueue(
      "GET", "/site-mirror/k",
      MakeResponse(400, ReadXmlSample("error_authorization_header_malformed.xml")));
  fixture.network.Enqueue("GET", "/site-mirror/k", MakeResponse(200, "ok"));
  REQUIRE(fixture.client.GetObject("k"));
  REQUIRE(fixture.network.requests().size() == 2);
  CHECK(fixture.Header(0, "Authorization").find("/us-east-1/s3/") != std::string::npos);
  CHECK(fixture.Header(1, "Authorization").find("/eu-central-1/s3/") != std::string::npos);
  CHECK(fixture.network.requests()[1].host == "127.0.0.1:9000");  // not an AWS host: kept
  CHECK(fixture.signer.region() == "eu-central-1");
  REQUIRE(fixture.notices.size() == 1);
  CHECK(fixture.notices[0].find("pass --region eu-central-1") != std::string::npos);
}

TEST_CASE("CorrectingTransport moves an AWS endpoint to the bucket's regional host") {
  Fixture fixture("https://s3.us-east-1.amazonaws.com");
  fixture.network.Enqueue("HEAD", "/site-mirror",
                          MakeResponse(301, "", {{"x-amz-bucket-region", "eu-west-1"}}));
  fixture.network.Enqueue("HEAD", "/site-mirror", MakeResponse(200));
  REQUIRE(fixture.client.HeadBucket());
  REQUIRE(fixture.network.requests().size() == 2);
  CHECK(fixture.network.requests()[1].host == "s3.eu-west-1.amazonaws.com");
  CHECK(fixture.Header(1, "host") == "s3.eu-west-1.amazonaws.com");
  CHECK(fixture.Header(1, "Authorization").find("/eu-west-1/s3/") != std::string::npos);
}

TEST_CASE("CorrectingTransport fetches new credentials once after ExpiredToken") {
  Fixture fixture;
  fixture.Listen();
  fixture.network.Enqueue("GET", "/site-mirror/k", MakeS3Error(400, "ExpiredToken"));
  fixture.network.Enqueue("GET", "/site-mirror/k", MakeResponse(200, "ok"));
  REQUIRE(fixture.client.GetObject("k"));
  CHECK(fixture.credentials.fetches == 2);
  CHECK(fixture.Header(1, "Authorization").find("Credential=AKID2/") != std::string::npos);
  CHECK(fixture.notices.size() == 1);
}

TEST_CASE("CorrectingTransport passes a second ExpiredToken of the same request on as kAuth") {
  Fixture fixture;
  fixture.network.Enqueue("GET", "/site-mirror/k", MakeS3Error(400, "ExpiredToken"));
  fixture.network.Enqueue("GET", "/site-mirror/k", MakeS3Error(400, "ExpiredToken"));
  auto body = fixture.client.GetObject("k");
  REQUIRE_FALSE(body);
  CHECK(body.error().kind == ErrorKind::kAuth);
  CHECK(fixture.credentials.fetches == 2);
}

TEST_CASE("CorrectingTransport hands back a failed refresh as the request's error") {
  Fixture fixture;
  fixture.credentials.refresh_fails = true;
  fixture.network.Enqueue("GET", "/site-mirror/k", MakeS3Error(400, "ExpiredToken"));
  auto body = fixture.client.GetObject("k");
  REQUIRE_FALSE(body);
  CHECK(body.error().kind == ErrorKind::kNetwork);
  CHECK(body.error().message == "GET s3://site-mirror/k: credential endpoint down");
  CHECK(fixture.network.requests().size() == 1);
}

TEST_CASE("RequestSigner redirects only whole host labels") {
  Fixture fixture;
  fixture.signer.RedirectHost("s3.us-east-1.amazonaws.com", "s3.eu-west-1.amazonaws.com");
  http::Request whole = fixture.builder.GetObject("k");
  whole.host = "site-mirror.s3.us-east-1.amazonaws.com";
  REQUIRE(fixture.signer.Sign(whole));
  CHECK(whole.host == "site-mirror.s3.eu-west-1.amazonaws.com");
  http::Request partial = fixture.builder.GetObject("k");
  partial.host = "evils3.us-east-1.amazonaws.com";
  REQUIRE(fixture.signer.Sign(partial));
  CHECK(partial.host == "evils3.us-east-1.amazonaws.com");
}

TEST_CASE("CorrectingTransport refreshes once for requests signed with the same credentials") {
  Fixture fixture;
  fixture.network.completions_per_wait = 2;
  fixture.network.Enqueue("GET", "/site-mirror/a", MakeS3Error(400, "ExpiredToken"));
  fixture.network.Enqueue("GET", "/site-mirror/b", MakeS3Error(400, "ExpiredToken"));
  std::vector<http::ExchangeId> ids;
  for (const char* key : {"a", "b"}) {
    http::Request request = fixture.builder.GetObject(key);
    REQUIRE(fixture.signer.Sign(request));
    ids.push_back(fixture.transport.Start(std::move(request)));
  }
  std::vector<http::ExchangeId> finished;
  while (finished.size() < 2) {
    for (http::Completion& done : fixture.transport.Wait(std::chrono::milliseconds(10))) {
      REQUIRE(done.response);
      CHECK(done.response->status == 200);
      finished.push_back(done.id);
    }
  }
  std::sort(finished.begin(), finished.end());
  CHECK(finished == ids);  // the caller's ids survive the resend
  CHECK(fixture.credentials.fetches == 2);
}

TEST_CASE("HintFromResponse reads the region of a PermanentRedirect's Endpoint") {
  const http::Response moved =
      MakeResponse(301,
                   "<Error><Code>PermanentRedirect</Code><Message>m</Message>"
                   "<Endpoint>site-mirror.s3.ap-southeast-2.amazonaws.com</Endpoint></Error>");
  const std::optional<ServerHint> hint = HintFromResponse(moved, "us-east-1");
  REQUIRE(hint);
  CHECK(hint->kind == HintKind::kWrongRegion);
  CHECK(hint->region == "ap-southeast-2");
  CHECK_FALSE(HintFromResponse(moved, "ap-southeast-2"));
}

TEST_CASE("HintFromResponse ignores successful answers and unrelated errors") {
  CHECK_FALSE(
      HintFromResponse(MakeResponse(200, "", {{"x-amz-bucket-region", "eu-west-1"}}), "us-east-1"));
  CHECK_FALSE(HintFromResponse(MakeS3Error(403, "AccessDenied"), "us-east-1"));
  CHECK(RegionOfAwsHost("s3-eu-west-1.amazonaws.com") == "eu-west-1");
  CHECK(RegionOfAwsHost("s3.amazonaws.com").empty());
  CHECK(RegionOfAwsHost("storage.googleapis.com").empty());
}

}  // namespace
}  // namespace s3mirror::s3
