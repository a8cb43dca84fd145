#include "auth/container_credentials.h"

namespace s3mirror::auth {
namespace {

constexpr std::chrono::milliseconds kDeadline{5000};

}  // namespace

ContainerCredentials::ContainerCredentials(ContainerEndpoint endpoint,
                                           TransportFactory make_transport)
    : endpoint_(std::move(endpoint)), make_transport_(std::move(make_transport)) {}

std::string ContainerCredentials::Url() const {
  if (!endpoint_.full_uri.empty()) return endpoint_.full_uri;
  if (endpoint_.relative_uri.empty()) return "";
  const bool has_slash = endpoint_.relative_uri.front() == '/';
  return std::string(kContainerCredentialsHost) + (has_slash ? "" : "/") + endpoint_.relative_uri;
}

std::string ContainerCredentials::Name() const { return "container credentials " + Url(); }

Result<std::string> ContainerCredentials::AuthorizationToken() const {
  if (!endpoint_.authorization_token_file.empty()) {
    return ReadTokenFile(endpoint_.authorization_token_file,
                         "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  }
  return endpoint_.authorization_token;
}

Result<http::Response> ContainerCredentials::Fetch(http::Request request) {
  if (!transport_) transport_ = make_transport_();
  return FetchWithin(*transport_, std::move(request), kDeadline);
}

Result<std::optional<Credentials>> ContainerCredentials::Lookup() {
  if (endpoint_.full_uri.empty() && endpoint_.relative_uri.empty()) {
    return std::optional<Credentials>();
  }
  Result<http::Request> request =
      RequestForUrl("GET", Url(), "AWS_CONTAINER_CREDENTIALS_FULL_URI/_RELATIVE_URI");
  if (!request) return Fail(std::move(request).error());
  Result<std::string> token = AuthorizationToken();
  if (!token) return Fail(std::move(token).error());
  if (!token->empty()) request->headers.push_back({"Authorization", *token});
  request->headers.push_back({"Accept", "application/json"});

  Result<http::Response> response = Fetch(std::move(*request));
  if (!response) {
    return Fail(ErrorKind::kNetwork, Name() + ": " + response.error().message);
  }
  const std::string status = " (HTTP " + std::to_string(response->status) + ")";
  if (response->status == 401 || response->status == 403) {
    return Fail(ErrorKind::kAuth, Name() + " refused the authorization token" + status +
                                      ": check AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE)");
  }
  if (response->status != 200) {
    return Fail(ErrorKind::kServer, Name() + " did not hand out credentials" + status);
  }
  Result<Credentials> credentials = ParseCredentialJson(response->body, Name());
  if (!credentials) return Fail(std::move(credentials).error());
  return std::optional<Credentials>(std::move(*credentials));
}

}  // namespace s3mirror::auth
