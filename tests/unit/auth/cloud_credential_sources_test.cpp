#include <catch2/catch.hpp>

#include "auth/container_credentials.h"
#include "auth/credential_chain.h"
#include "auth/env_credentials.h"
#include "auth/imds_credentials.h"
#include "auth/web_identity_credentials.h"
#include "support/fake_clock.h"
#include "support/fake_transport.h"
#include "support/temp_dir.h"
#include "unit/auth/lookup_outcome.h"

using namespace s3mirror;
using namespace s3mirror::auth;
using s3mirror::auth::testing::IsNotSetUp;
using s3mirror::auth::testing::LookupError;
using s3mirror::testing::FakeTransport;
using s3mirror::testing::MakeResponse;

namespace {

constexpr const char* kDocument =
    R"({"AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "the-secret", "Token": "tok",
        "Expiration": "2026-11-25T17:00:00Z"})";

// A factory handing out `transport` (once); the test keeps a raw pointer to inspect it.
TransportFactory Handing(std::unique_ptr<FakeTransport> transport) {
  auto holder = std::make_shared<std::unique_ptr<FakeTransport>>(std::move(transport));
  return [holder]() -> std::unique_ptr<http::Transport> { return std::move(*holder); };
}

// A factory that must not be called (the source is not set up).
TransportFactory Unused() {
  return []() -> std::unique_ptr<http::Transport> {
    FAIL("a source that is not set up made a transport");
    return nullptr;
  };
}

// An instance metadata service that hands out a session token, lists `role_listing` (the role's
// name, perhaps with a line break after it) and serves that role's credentials.
std::unique_ptr<FakeTransport> ImdsServing(const std::string& role_listing) {
  const std::string role = role_listing.substr(0, role_listing.find('\n'));
  auto imds = std::make_unique<FakeTransport>();
  imds->Enqueue("PUT", "/latest/api/token", MakeResponse(200, "session"));
  imds->Enqueue("GET", "/latest/meta-data/iam/security-credentials/",
                MakeResponse(200, role_listing));
  imds->Enqueue("GET", "/latest/meta-data/iam/security-credentials/" + role,
                MakeResponse(200, kDocument));
  return imds;
}

std::string Header(const http::Request& request, const std::string& name) {
  const std::string* value = http::FindHeader(request.headers, name);
  return value == nullptr ? "<absent>" : *value;
}

}  // namespace

TEST_CASE("ContainerCredentials is not set up without a URI variable") {
  ContainerCredentials source(ContainerEndpoint{}, Unused());
  CHECK(IsNotSetUp(source));
}

TEST_CASE("ContainerCredentials sends the token and names the URL as the source") {
  auto transport = std::make_unique<FakeTransport>();
  FakeTransport* fake = transport.get();
  fake->Enqueue("GET", "/v2/creds", MakeResponse(200, kDocument));
  ContainerCredentials source(ContainerEndpoint{.full_uri = "http://127.0.0.1:9999/v2/creds",
                                                .relative_uri = "",
                                                .authorization_token = "Bearer abc",
                                                .authorization_token_file = ""},
                              Handing(std::move(transport)));
  Result<std::optional<Credentials>> found = source.Lookup();
  REQUIRE(found);
  REQUIRE(found->has_value());
  CHECK((*found)->access_key_id == "ASIAEXAMPLE");
  CHECK((*found)->source == "container credentials http://127.0.0.1:9999/v2/creds");
  REQUIRE(fake->requests().size() == 1);
  CHECK(fake->requests()[0].host == "127.0.0.1:9999");
  CHECK(Header(fake->requests()[0], "Authorization") == "Bearer abc");
}

TEST_CASE("ContainerCredentials reads the token file and uses the relative URI's host") {
  s3mirror::testing::TempDir dir;
  dir.WriteFile("token", "from-file\n");
  auto transport = std::make_unique<FakeTransport>();
  FakeTransport* fake = transport.get();
  fake->Enqueue("GET", "/v2/credentials/id", MakeResponse(200, kDocument));
  ContainerCredentials source(ContainerEndpoint{.full_uri = "",
                                                .relative_uri = "/v2/credentials/id",
                                                .authorization_token = "ignored",
                                                .authorization_token_file = dir.Join("token")},
                              Handing(std::move(transport)));
  REQUIRE(source.Lookup());
  REQUIRE(fake->requests().size() == 1);
  CHECK(fake->requests()[0].host == "169.254.170.2");
  CHECK(Header(fake->requests()[0], "Authorization") == "from-file");
}

TEST_CASE("ContainerCredentials reports a refused token as an auth error without the token") {
  auto transport = std::make_unique<FakeTransport>();
  transport->Enqueue("GET", "/creds", MakeResponse(401, "no"));
  ContainerCredentials source(ContainerEndpoint{.full_uri = "http://127.0.0.1:1/creds",
                                                .relative_uri = "",
                                                .authorization_token = "wrong-token",
                                                .authorization_token_file = ""},
                              Handing(std::move(transport)));
  const Error error = LookupError(source);
  CHECK(error.kind == ErrorKind::kAuth);
  CHECK(error.message.find("AWS_CONTAINER_AUTHORIZATION_TOKEN") != std::string::npos);
  CHECK(error.message.find("wrong-token") == std::string::npos);
}

TEST_CASE("ImdsCredentials asks for a session token and then the role's credentials") {
  auto transport = ImdsServing("web\n");
  FakeTransport* fake = transport.get();
  ImdsCredentials source(ImdsOptions{.endpoint = "http://127.0.0.1:5/", .disabled = false},
                         Handing(std::move(transport)));
  Result<std::optional<Credentials>> found = source.Lookup();
  REQUIRE(found);
  REQUIRE(found->has_value());
  CHECK((*found)->source == "EC2 instance metadata (role web)");
  REQUIRE(fake->requests().size() == 3);
  CHECK(Header(fake->requests()[0], "X-aws-ec2-metadata-token-ttl-seconds") == "21600");
  CHECK(Header(fake->requests()[1], "X-aws-ec2-metadata-token") == "session");
  CHECK(Header(fake->requests()[2], "X-aws-ec2-metadata-token") == "session");
  CHECK(fake->requests()[2].host == "127.0.0.1:5");
}

TEST_CASE("ImdsCredentials is not set up when the endpoint does not answer or is disabled") {
  auto transport = std::make_unique<FakeTransport>();
  transport->Enqueue("PUT", "/latest/api/token",
                     s3mirror::testing::NetworkFailure("connection refused"));
  ImdsCredentials absent(ImdsOptions{}, Handing(std::move(transport)));
  CHECK(IsNotSetUp(absent));

  ImdsCredentials disabled(ImdsOptions{.endpoint = "", .disabled = true}, Unused());
  CHECK(IsNotSetUp(disabled));
}

TEST_CASE("ImdsCredentials is not set up when no role is attached") {
  auto transport = std::make_unique<FakeTransport>();
  transport->Enqueue("PUT", "/latest/api/token", MakeResponse(200, "session"));
  transport->Enqueue("GET", "/latest/meta-data/iam/security-credentials/", MakeResponse(404));
  ImdsCredentials source(ImdsOptions{}, Handing(std::move(transport)));
  CHECK(IsNotSetUp(source));
}

TEST_CASE("WebIdentityCredentials needs both the token file and the role") {
  WebIdentityCredentials neither(WebIdentityOptions{}, Unused());
  CHECK(IsNotSetUp(neither));
  WebIdentityCredentials half(
      WebIdentityOptions{.token_file = "", .role_arn = "arn:aws:iam::1:role/r"}, Unused());
  CHECK(LookupError(half).kind == ErrorKind::kConfig);
}

TEST_CASE("WebIdentityCredentials posts the token to STS and reports STS's refusal") {
  s3mirror::testing::TempDir dir;
  dir.WriteFile("token", "jwt-token\n");
  auto transport = std::make_unique<FakeTransport>();
  FakeTransport* fake = transport.get();
  fake->Enqueue("POST", "/",
                MakeResponse(403,
                             "<ErrorResponse><Error><Code>AccessDenied</Code>"
                             "<Message>Not authorized</Message></Error></ErrorResponse>"));
  WebIdentityCredentials source(WebIdentityOptions{.token_file = dir.Join("token"),
                                                   .role_arn = "arn:aws:iam::1:role/r",
                                                   .session_name = "",
                                                   .sts_endpoint = "http://127.0.0.1:7"},
                                Handing(std::move(transport)));
  const Error error = LookupError(source);
  CHECK(error.kind == ErrorKind::kAuth);
  CHECK(error.message.find("AccessDenied: Not authorized") != std::string::npos);
  CHECK(error.message.find("arn:aws:iam::1:role/r") != std::string::npos);
  REQUIRE(fake->requests().size() == 1);
  const std::string body = *fake->requests()[0].body;
  CHECK(body.find("Action=AssumeRoleWithWebIdentity") != std::string::npos);
  CHECK(body.find("WebIdentityToken=jwt-token") != std::string::npos);
  CHECK(body.find("RoleSessionName=s3mirror") != std::string::npos);
  CHECK(body.find("RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr") != std::string::npos);
}

TEST_CASE("The chain prefers the environment to the container endpoint, and that to IMDS") {
  s3mirror::testing::FakeClock clock;
  auto make_chain = [&](EnvironmentKeys keys, FakeTransport** container_fake) {
    auto container = std::make_unique<FakeTransport>();
    container->Enqueue("GET", "/creds", MakeResponse(200, kDocument));
    *container_fake = container.get();
    auto imds = ImdsServing("r");
    std::vector<std::unique_ptr<CredentialSource>> sources;
    sources.push_back(std::make_unique<EnvCredentials>(std::move(keys)));
    sources.push_back(std::make_unique<ContainerCredentials>(
        ContainerEndpoint{.full_uri = "http://127.0.0.1:1/creds"}, Handing(std::move(container))));
    sources.push_back(std::make_unique<ImdsCredentials>(ImdsOptions{}, Handing(std::move(imds))));
    return CredentialChain(std::move(sources), clock);
  };
  FakeTransport* container_fake = nullptr;
  CredentialChain with_env = make_chain(
      EnvironmentKeys{.access_key_id = "AKIAENV", .secret_access_key = "s", .session_token = ""},
      &container_fake);
  Result<Credentials> env = with_env.Get();
  REQUIRE(env);
  CHECK(env->source == "environment");
  CHECK(container_fake->requests().empty());

  CredentialChain without_env = make_chain(EnvironmentKeys{}, &container_fake);
  Result<Credentials> container = without_env.Get();
  REQUIRE(container);
  CHECK(container->source == "container credentials http://127.0.0.1:1/creds");
}

TEST_CASE("The chain falls through to IMDS when nothing else is set up") {
  s3mirror::testing::FakeClock clock;
  auto imds = ImdsServing("r");
  std::vector<std::unique_ptr<CredentialSource>> sources;
  sources.push_back(std::make_unique<EnvCredentials>(EnvironmentKeys{}));
  sources.push_back(std::make_unique<ContainerCredentials>(ContainerEndpoint{}, Unused()));
  sources.push_back(std::make_unique<ImdsCredentials>(ImdsOptions{}, Handing(std::move(imds))));
  CredentialChain chain(std::move(sources), clock);
  Result<Credentials> found = chain.Get();
  REQUIRE(found);
  CHECK(found->source == "EC2 instance metadata (role r)");
}
