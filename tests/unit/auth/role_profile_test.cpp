#include <catch2/catch.hpp>

#include "auth/assume_role_credentials.h"
#include "auth/profile_credentials.h"
#include "support/fake_clock.h"
#include "support/fake_transport.h"
#include "support/temp_dir.h"

using namespace s3mirror;
using namespace s3mirror::auth;
using s3mirror::testing::FakeTransport;
using s3mirror::testing::MakeResponse;
using s3mirror::testing::TempDir;

namespace {

constexpr const char* kAssumed = R"(<AssumeRoleResponse
    xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>
  <AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey>
  <SessionToken>role-token</SessionToken><Expiration>2026-11-25T19:00:00Z</Expiration>
</Credentials></AssumeRoleResult></AssumeRoleResponse>)";

constexpr const char* kConfig =
    "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/mirror\nsource_profile = base\n"
    "external_id = ext-42\nrole_session_name = cron\nduration_seconds = 1800\n";
constexpr const char* kCredentials =
    "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n";

struct RoleFixture {
  explicit RoleFixture(std::string profile = "deploy") {
    auto owned = std::make_unique<FakeTransport>();
    transport = owned.get();
    auto holder = std::make_shared<std::unique_ptr<FakeTransport>>(std::move(owned));
    services = ProfileServices{.sts_endpoint = "http://127.0.0.1:5000",
                               .make_transport = [holder]() -> std::unique_ptr<http::Transport> {
                                 return std::move(*holder);
                               },
                               .process_timeout = kCredentialProcessTimeout,
                               .clock = &clock};
    files = ProfileFiles{.credentials_file = dir.Join("credentials"),
                         .config_file = dir.Join("config"),
                         .profile = std::move(profile),
                         .profile_requested = true};
  }
  // The source owns the transport: it lives as long as the fixture.
  Result<std::optional<Credentials>> Lookup() {
    if (!source) source = std::make_unique<ProfileCredentials>(files, services);
    return source->Lookup();
  }
  TempDir dir;
  s3mirror::testing::FakeClock clock;
  FakeTransport* transport = nullptr;
  ProfileServices services;
  ProfileFiles files;
  std::unique_ptr<ProfileCredentials> source;
};

}  // namespace

TEST_CASE("A role profile assumes the role with the source profile's keys") {
  RoleFixture fixture;
  fixture.dir.WriteFile("config", kConfig);
  fixture.dir.WriteFile("credentials", kCredentials);
  fixture.transport->Enqueue("POST", "/", MakeResponse(200, kAssumed));
  Result<std::optional<Credentials>> found = fixture.Lookup();
  REQUIRE(found);
  REQUIRE(found->has_value());
  CHECK((*found)->access_key_id == "ASIAROLE");
  CHECK((*found)->session_token == "role-token");
  CHECK((*found)->expiration.has_value());
  CHECK((*found)->source.find("profile deploy (role arn:aws:iam::123456789012:role/mirror) "
                              "assumed with profile base in ") == 0);
  REQUIRE(fixture.transport->requests().size() == 1);
  const http::Request& sent = fixture.transport->requests()[0];
  CHECK(*sent.body ==
        "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%"
        "2Fmirror&RoleSessionName=cron&ExternalId=ext-42&DurationSeconds=1800");
  const std::string* authorization = http::FindHeader(sent.headers, "Authorization");
  REQUIRE(authorization != nullptr);
  CHECK(authorization->find("Credential=AKIDBASE/20240102/us-east-1/sts/aws4_request") !=
        std::string::npos);
}

TEST_CASE("A role profile reports STS's refusal naming the profile") {
  RoleFixture fixture;
  fixture.dir.WriteFile("config", kConfig);
  fixture.dir.WriteFile("credentials", kCredentials);
  fixture.transport->Enqueue(
      "POST", "/",
      MakeResponse(403,
                   "<ErrorResponse><Error><Code>AccessDenied</Code><Message>not allowed"
                   "</Message></Error></ErrorResponse>"));
  Result<std::optional<Credentials>> found = fixture.Lookup();
  REQUIRE_FALSE(found);
  CHECK(found.error().kind == ErrorKind::kAuth);
  CHECK(found.error().message ==
        "profile deploy (role arn:aws:iam::123456789012:role/mirror): STS refused AssumeRole "
        "(HTTP 403): AccessDenied: not allowed");
}

TEST_CASE("A role profile without a usable source profile is a configuration error") {
  RoleFixture fixture;
  fixture.dir.WriteFile("config", "[profile deploy]\nrole_arn = arn:r\n");
  Result<std::optional<Credentials>> found = fixture.Lookup();
  REQUIRE_FALSE(found);
  CHECK(found.error().message.find("has role_arn but no source_profile") != std::string::npos);

  fixture.dir.WriteFile("config", "[profile deploy]\nrole_arn = arn:r\nsource_profile = gone\n");
  found = fixture.Lookup();
  REQUIRE_FALSE(found);
  CHECK(found.error().kind == ErrorKind::kConfig);
  CHECK(found.error().message.find("source_profile gone: profile gone not found") !=
        std::string::npos);

  fixture.dir.WriteFile("config",
                        "[profile deploy]\nrole_arn = arn:r\nsource_profile = other\n"
                        "[profile other]\nrole_arn = arn:o\nsource_profile = deploy\n");
  found = fixture.Lookup();
  REQUIRE_FALSE(found);
  CHECK(found.error().message.find("chain longer than 5") != std::string::npos);
  CHECK(fixture.transport->requests().empty());
}

TEST_CASE("A role profile refuses a duration_seconds STS would refuse") {
  RoleFixture fixture;
  fixture.dir.WriteFile("config",
                        "[profile deploy]\nrole_arn = arn:r\nsource_profile = deploy\n"
                        "aws_access_key_id = A\naws_secret_access_key = S\n"
                        "duration_seconds = 60\n");
  Result<std::optional<Credentials>> found = fixture.Lookup();
  REQUIRE_FALSE(found);
  CHECK(found.error().message.find("duration_seconds \"60\"") != std::string::npos);
}

TEST_CASE("A profile with credential_process runs it and names it as the source") {
  RoleFixture fixture("ci");
  fixture.dir.WriteFile("creds.json",
                        R"({"Version": 1, "AccessKeyId": "ASIAP", "SecretAccessKey": "s"})");
  fixture.dir.WriteFile(
      "config", "[profile ci]\ncredential_process = cat " + fixture.dir.Join("creds.json") + "\n");
  Result<std::optional<Credentials>> found = fixture.Lookup();
  REQUIRE(found);
  REQUIRE(found->has_value());
  CHECK((*found)->access_key_id == "ASIAP");
  CHECK((*found)->source == "credential_process of profile ci in " + fixture.dir.Join("config"));
}

TEST_CASE("A role profile reports an STS that does not answer or fails as such") {
  RoleFixture fixture;
  fixture.dir.WriteFile("config", kConfig);
  fixture.dir.WriteFile("credentials", kCredentials);
  fixture.transport->Enqueue("POST", "/", s3mirror::testing::NetworkFailure("connection refused"));
  Result<std::optional<Credentials>> found = fixture.Lookup();
  REQUIRE_FALSE(found);
  CHECK(found.error().kind == ErrorKind::kNetwork);
  CHECK(found.error().message.find("STS http://127.0.0.1:5000: connection refused") !=
        std::string::npos);
  fixture.transport->Enqueue("POST", "/", MakeResponse(503, "busy"));
  found = fixture.Lookup();
  REQUIRE_FALSE(found);
  CHECK(found.error().kind == ErrorKind::kServer);
}
