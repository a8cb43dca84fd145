#include <catch2/catch.hpp>

#include "auth/credential_fetch.h"
#include "auth/web_identity_credentials.h"

using namespace s3mirror;
using namespace s3mirror::auth;

namespace {

std::chrono::system_clock::time_point At(std::time_t seconds) {
  return std::chrono::system_clock::from_time_t(seconds);
}

constexpr const char* kStsAnswer = R"(<AssumeRoleWithWebIdentityResponse
    xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Credentials>
      <SessionToken>session-token</SessionToken>
      <SecretAccessKey>the-secret</SecretAccessKey>
      <Expiration>2026-11-25T17:00:00.000Z</Expiration>
      <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
    </Credentials>
  </AssumeRoleWithWebIdentityResult>
</AssumeRoleWithWebIdentityResponse>)";

}  // namespace

TEST_CASE("ParseIso8601 reads UTC times with and without fractions and offsets") {
  CHECK(ParseIso8601("2026-11-25T17:00:00Z") == At(1795626000));
  CHECK(ParseIso8601("2026-11-25T17:00:00.123Z") == At(1795626000));
  CHECK(ParseIso8601("2026-11-25T18:30:00+01:30") == At(1795626000));
  CHECK(ParseIso8601("2026-11-25T16:00:00-01:00") == At(1795626000));
  CHECK_FALSE(ParseIso8601("yesterday").has_value());
  CHECK_FALSE(ParseIso8601("2026-11-25T17:00:00 UTC").has_value());
}

TEST_CASE("ParseCredentialJson reads the container endpoint document") {
  const std::string body = R"({"AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "the-secret",
    "Token": "session-token", "Expiration": "2026-11-25T17:00:00Z", "Code": "Success"})";
  Result<Credentials> parsed = ParseCredentialJson(body, "container credentials http://x/");
  REQUIRE(parsed);
  CHECK(parsed->access_key_id == "ASIAEXAMPLE");
  CHECK(parsed->secret_access_key == "the-secret");
  CHECK(parsed->session_token == "session-token");
  CHECK(parsed->expiration == At(1795626000));
  CHECK(parsed->source == "container credentials http://x/");
}

TEST_CASE("ParseCredentialJson rejects documents that are not credentials without the secret") {
  Result<Credentials> not_json = ParseCredentialJson("<html>", "src");
  REQUIRE_FALSE(not_json);
  CHECK(not_json.error().kind == ErrorKind::kInternal);
  CHECK_FALSE(ParseCredentialJson(R"({"AccessKeyId": "A"})", "src"));
  CHECK_FALSE(ParseCredentialJson(R"({"AccessKeyId": 5, "SecretAccessKey": "s"})", "src"));
  Result<Credentials> bad_time = ParseCredentialJson(
      R"({"AccessKeyId": "A", "SecretAccessKey": "hush", "Expiration": "soon"})", "src");
  REQUIRE_FALSE(bad_time);
  CHECK(bad_time.error().message.find("hush") == std::string::npos);
}

TEST_CASE("ParseCredentialJson takes a document without Expiration as long-term") {
  Result<Credentials> parsed =
      ParseCredentialJson(R"({"AccessKeyId": "A", "SecretAccessKey": "s"})", "src");
  REQUIRE(parsed);
  CHECK_FALSE(parsed->expiration.has_value());
  CHECK(parsed->session_token.empty());
}

TEST_CASE("ParseAssumeRoleWithWebIdentity reads the STS credentials") {
  Result<Credentials> parsed = ParseAssumeRoleWithWebIdentity(kStsAnswer, "web identity (role r)");
  REQUIRE(parsed);
  CHECK(parsed->access_key_id == "ASIAEXAMPLE");
  CHECK(parsed->secret_access_key == "the-secret");
  CHECK(parsed->session_token == "session-token");
  CHECK(parsed->expiration == At(1795626000));
  CHECK(parsed->source == "web identity (role r)");
}

TEST_CASE("ParseAssumeRoleWithWebIdentity rejects answers without credentials") {
  CHECK_FALSE(ParseAssumeRoleWithWebIdentity("not xml <", "src"));
  CHECK_FALSE(ParseAssumeRoleWithWebIdentity("<AssumeRoleWithWebIdentityResponse/>", "src"));
}

TEST_CASE("DescribeStsError gives the code and message of an STS error") {
  const std::string body =
      "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>"
      "<Message>token expired</Message></Error></ErrorResponse>";
  CHECK(DescribeStsError(body) == "InvalidIdentityToken: token expired");
  CHECK(DescribeStsError("<html/>").empty());
}

TEST_CASE("RequestForUrl splits a URL into host, path and query") {
  Result<http::Request> request = RequestForUrl("GET", "http://127.0.0.1:8080/creds?x=1", "S");
  REQUIRE(request);
  CHECK(request->scheme == "http");
  CHECK(request->host == "127.0.0.1:8080");
  CHECK(request->path == "/creds");
  CHECK(request->query == "x=1");
  Result<http::Request> bare = RequestForUrl("GET", "https://sts.amazonaws.com", "S");
  REQUIRE(bare);
  CHECK(bare->path == "/");
  Result<http::Request> bad = RequestForUrl("GET", "ftp://x/", "AWS_X");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind == ErrorKind::kConfig);
  CHECK(bad.error().message.find("AWS_X") != std::string::npos);
}
