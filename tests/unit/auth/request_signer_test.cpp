#include "auth/request_signer.h"

#include <memory>

#include <catch2/catch.hpp>

#include "auth/sigv4.h"

using namespace s3mirror;
using namespace s3mirror::auth;

namespace {

class FixedClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override { return now; }
  std::chrono::steady_clock::time_point Steady() const override { return {}; }
  std::chrono::system_clock::time_point now = std::chrono::system_clock::from_time_t(1369353600);
};

class CountingProvider final : public CredentialProvider {
 public:
  Result<Credentials> Get() override {
    ++calls;
    if (fail) return Fail(ErrorKind::kConfig, "no credentials found");
    Credentials credentials;
    credentials.access_key_id = "AKIAIOSFODNN7EXAMPLE";
    credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    return credentials;
  }
  int calls = 0;
  bool fail = false;
};

http::Request PutRequest(std::string scheme) {
  http::Request request;
  request.method = "PUT";
  request.scheme = std::move(scheme);
  request.host = "examplebucket.s3.amazonaws.com";
  request.path = "/a.txt";
  request.body = std::make_shared<const std::string>("Welcome to Amazon S3.");
  return request;
}

std::string HeaderOf(const http::Request& request, std::string_view name) {
  const std::string* value = http::FindHeader(request.headers, name);
  return value == nullptr ? "<absent>" : *value;
}

// "content-md5;host;..." from the Authorization header.
std::string SignedHeadersOf(const http::Request& request) {
  const std::string authorization = HeaderOf(request, "authorization");
  const std::string marker = "SignedHeaders=";
  const size_t start = authorization.find(marker);
  if (start == std::string::npos) return "<absent>";
  const size_t end = authorization.find(',', start);
  return authorization.substr(start + marker.size(), end - start - marker.size());
}

// Signs a copy of `request` with the unsigned-payload mode and returns it.
http::Request SignedWithUnsignedPayload(http::Request request) {
  CountingProvider provider;
  FixedClock clock;
  RequestSigner signer(provider, "us-east-1", clock, PayloadSigning::kUnsignedWithChecksum);
  REQUIRE(signer.Sign(request));
  return request;
}

constexpr const char* kBodySha256 =
    "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";

}  // namespace

TEST_CASE("RequestSigner hashes the body over http") {
  CountingProvider provider;
  FixedClock clock;
  RequestSigner signer(provider, "us-east-1", clock);
  http::Request request = PutRequest("http");
  REQUIRE(signer.Sign(request));
  CHECK(HeaderOf(request, "x-amz-content-sha256") ==
        "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  CHECK(provider.calls == 1);
}

TEST_CASE("RequestSigner sends UNSIGNED-PAYLOAD over https") {
  CountingProvider provider;
  FixedClock clock;
  RequestSigner signer(provider, "us-east-1", clock);
  http::Request request = PutRequest("https");
  REQUIRE(signer.Sign(request));
  CHECK(HeaderOf(request, "x-amz-content-sha256") == "UNSIGNED-PAYLOAD");
}

TEST_CASE("RequestSigner signs with the clock time corrected by the server offset") {
  CountingProvider provider;
  FixedClock clock;
  RequestSigner signer(provider, "us-east-1", clock);
  http::Request request = PutRequest("https");
  REQUIRE(signer.Sign(request));
  CHECK(HeaderOf(request, "x-amz-date") == "20130524T000000Z");
  signer.set_clock_offset(std::chrono::seconds(-90));
  REQUIRE(signer.Sign(request));
  CHECK(HeaderOf(request, "x-amz-date") == "20130523T235830Z");
  CHECK(HeaderOf(request, "authorization").find("/20130523/us-east-1/s3/") != std::string::npos);
}

TEST_CASE("RequestSigner signs with the region it was last given") {
  CountingProvider provider;
  FixedClock clock;
  RequestSigner signer(provider, "us-east-1", clock);
  signer.set_region("eu-central-1");
  http::Request request = PutRequest("https");
  REQUIRE(signer.Sign(request));
  CHECK(signer.region() == "eu-central-1");
  CHECK(HeaderOf(request, "authorization").find("/eu-central-1/s3/aws4_request") !=
        std::string::npos);
}

TEST_CASE("RequestSigner passes on the credential error") {
  CountingProvider provider;
  provider.fail = true;
  FixedClock clock;
  RequestSigner signer(provider, "us-east-1", clock);
  http::Request request = PutRequest("https");
  const Status signed_status = signer.Sign(request);
  REQUIRE_FALSE(signed_status);
  CHECK(signed_status.error().kind == ErrorKind::kConfig);
  CHECK(HeaderOf(request, "authorization") == "<absent>");
}

TEST_CASE("SignRequest re-signing a retried request replaces the earlier signature headers") {
  Credentials credentials;
  credentials.access_key_id = "AKID";
  credentials.secret_access_key = "secret";
  credentials.session_token = "token-1";
  http::Request request = PutRequest("https");
  SigningParams params{.region = "us-east-1",
                       .service = "s3",
                       .time = std::chrono::system_clock::from_time_t(1369353600),
                       .payload_hash = ""};
  SignRequest(request, credentials, params);
  const std::string first = HeaderOf(request, "authorization");
  credentials.session_token = "token-2";
  params.time += std::chrono::seconds(5);
  SignRequest(request, credentials, params);
  size_t authorizations = 0, dates = 0, tokens = 0, hosts = 0;
  for (const http::Header& header : request.headers) {
    authorizations += header.name == "Authorization";
    dates += header.name == "x-amz-date";
    tokens += header.name == "x-amz-security-token";
    hosts += header.name == "host";
  }
  CHECK(authorizations == 1);
  CHECK(dates == 1);
  CHECK(tokens == 1);
  CHECK(hosts == 1);
  CHECK(HeaderOf(request, "x-amz-security-token") == "token-2");
  CHECK(HeaderOf(request, "authorization") != first);
}

TEST_CASE("SignRequest keeps a Host header the caller set") {
  Credentials credentials;
  credentials.access_key_id = "AKID";
  credentials.secret_access_key = "secret";
  http::Request request = PutRequest("https");
  request.headers.push_back({"Host", "other.example:8443"});
  SignRequest(request, credentials,
              {.region = "us-east-1", .service = "s3", .time = {}, .payload_hash = ""});
  CHECK(HeaderOf(request, "host") == "other.example:8443");
  CHECK(HeaderOf(request, "x-amz-security-token") == "<absent>");
  CHECK(HeaderOf(request, "x-amz-content-sha256") ==
        "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
}

TEST_CASE("SignRequest uses the empty-payload hash for a bodiless request") {
  Credentials credentials;
  credentials.access_key_id = "AKID";
  credentials.secret_access_key = "secret";
  http::Request request = PutRequest("https");
  request.body = nullptr;
  SignRequest(request, credentials,
              {.region = "us-east-1", .service = "s3", .time = {}, .payload_hash = ""});
  CHECK(HeaderOf(request, "x-amz-content-sha256") == kEmptyPayloadSha256);
}

TEST_CASE(
    "RequestSigner with unsigned payloads sends UNSIGNED-PAYLOAD for a PUT with Content-MD5 "
    "over http") {
  http::Request request = PutRequest("http");
  request.headers.push_back({"Content-MD5", "ZgsBVjSRB1ck6e7ElvNhCQ=="});
  const http::Request signed_request = SignedWithUnsignedPayload(request);
  CHECK(HeaderOf(signed_request, "x-amz-content-sha256") == "UNSIGNED-PAYLOAD");
  CHECK(SignedHeadersOf(signed_request) == "content-md5;host;x-amz-content-sha256;x-amz-date");
}

TEST_CASE("RequestSigner with unsigned payloads signs the x-amz-checksum header of a PUT") {
  for (const char* name : {"x-amz-checksum-crc32c", "x-amz-checksum-sha256"}) {
    http::Request request = PutRequest("http");
    request.query = "partNumber=2&uploadId=abc";
    request.headers.push_back({name, "c2hvdWxkIGJlIGEgY2hlY2tzdW0="});
    const http::Request signed_request = SignedWithUnsignedPayload(request);
    CHECK(HeaderOf(signed_request, "x-amz-content-sha256") == "UNSIGNED-PAYLOAD");
    CHECK(SignedHeadersOf(signed_request) ==
          "host;" + std::string(name) + ";x-amz-content-sha256;x-amz-date");
  }
}

TEST_CASE("RequestSigner with unsigned payloads gives another signature for another checksum") {
  // The body's only protection is its checksum header: a request whose header was changed on the
  // way must not carry a valid signature.
  http::Request request = PutRequest("http");
  request.headers.push_back({"Content-MD5", "ZgsBVjSRB1ck6e7ElvNhCQ=="});
  http::Request tampered = PutRequest("http");
  tampered.headers.push_back({"Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="});
  CHECK(HeaderOf(SignedWithUnsignedPayload(request), "authorization") !=
        HeaderOf(SignedWithUnsignedPayload(tampered), "authorization"));
}

TEST_CASE("RequestSigner with unsigned payloads hashes a PUT that has no checksum header") {
  const http::Request signed_request = SignedWithUnsignedPayload(PutRequest("http"));
  CHECK(HeaderOf(signed_request, "x-amz-content-sha256") == kBodySha256);
}

TEST_CASE("RequestSigner with unsigned payloads still hashes POST bodies and bodiless requests") {
  http::Request delete_objects = PutRequest("http");
  delete_objects.method = "POST";
  delete_objects.query = "delete";
  delete_objects.headers.push_back({"Content-MD5", "ZgsBVjSRB1ck6e7ElvNhCQ=="});
  CHECK(HeaderOf(SignedWithUnsignedPayload(delete_objects), "x-amz-content-sha256") == kBodySha256);
  http::Request create = PutRequest("http");
  create.method = "POST";
  create.query = "uploads";
  create.body = nullptr;
  create.headers.push_back({"x-amz-checksum-algorithm", "CRC32C"});
  CHECK(HeaderOf(SignedWithUnsignedPayload(create), "x-amz-content-sha256") == kEmptyPayloadSha256);
  http::Request list = PutRequest("http");
  list.method = "GET";
  list.body = nullptr;
  CHECK(HeaderOf(SignedWithUnsignedPayload(list), "x-amz-content-sha256") == kEmptyPayloadSha256);
}

TEST_CASE("RequestSigner without unsigned payloads hashes a PUT with Content-MD5 over http") {
  CountingProvider provider;
  FixedClock clock;
  RequestSigner signer(provider, "us-east-1", clock);
  http::Request request = PutRequest("http");
  request.headers.push_back({"Content-MD5", "ZgsBVjSRB1ck6e7ElvNhCQ=="});
  REQUIRE(signer.Sign(request));
  CHECK(HeaderOf(request, "x-amz-content-sha256") == kBodySha256);
  CHECK(SignedHeadersOf(request) == "content-md5;host;x-amz-content-sha256;x-amz-date");
}

TEST_CASE("RequestSigner sends UNSIGNED-PAYLOAD over https with or without unsigned payloads") {
  http::Request request = PutRequest("https");
  request.headers.push_back({"Content-MD5", "ZgsBVjSRB1ck6e7ElvNhCQ=="});
  const http::Request signed_request = SignedWithUnsignedPayload(request);
  CHECK(HeaderOf(signed_request, "x-amz-content-sha256") == "UNSIGNED-PAYLOAD");
  CHECK(SignedHeadersOf(signed_request) == "content-md5;host;x-amz-content-sha256;x-amz-date");
  const http::Request bare = SignedWithUnsignedPayload(PutRequest("https"));
  CHECK(HeaderOf(bare, "x-amz-content-sha256") == "UNSIGNED-PAYLOAD");
}

TEST_CASE("CarriesBodyChecksum knows the checksum headers but not the algorithm announcement") {
  http::Request request = PutRequest("http");
  CHECK_FALSE(CarriesBodyChecksum(request));
  request.headers.push_back({"x-amz-checksum-algorithm", "SHA256"});
  request.headers.push_back({"x-amz-sdk-checksum-algorithm", "SHA256"});
  CHECK_FALSE(CarriesBodyChecksum(request));
  for (const char* name :
       {"Content-MD5", "content-md5", "x-amz-checksum-crc32", "X-Amz-Checksum-CRC32C",
        "x-amz-checksum-crc64nvme", "x-amz-checksum-sha1", "x-amz-checksum-sha256"}) {
    http::Request with = PutRequest("http");
    with.headers.push_back({name, "AAAAAA=="});
    CHECK(CarriesBodyChecksum(with));
  }
}

TEST_CASE("RequestSigner says which PUT payloads it hashes, for hashing them ahead") {
  CountingProvider provider;
  FixedClock clock;
  const RequestSigner signed_payloads(provider, "us-east-1", clock);
  const RequestSigner unsigned_payloads(provider, "us-east-1", clock,
                                        PayloadSigning::kUnsignedWithChecksum);
  CHECK(signed_payloads.HashesPutPayload("http", true));
  CHECK_FALSE(signed_payloads.HashesPutPayload("https", true));
  CHECK_FALSE(unsigned_payloads.HashesPutPayload("http", true));
  CHECK(unsigned_payloads.HashesPutPayload("http", false));
  CHECK_FALSE(unsigned_payloads.HashesPutPayload("https", false));
}
