// Credentials from the container credentials endpoint (ECS tasks, EKS Pod Identity): a GET of
// AWS_CONTAINER_CREDENTIALS_FULL_URI, or of AWS_CONTAINER_CREDENTIALS_RELATIVE_URI under
// http://169.254.170.2, with the authorization token (AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE,
// else AWS_CONTAINER_AUTHORIZATION_TOKEN) as the Authorization header. The answer is the JSON
// document of credential_fetch.h. The caller reads the variables and passes them in.
#pragma once

#include <string>

#include "auth/credential_fetch.h"
#include "auth/credentials.h"

namespace s3mirror::auth {

inline constexpr const char* kContainerCredentialsHost = "http://169.254.170.2";

struct ContainerEndpoint {
  std::string full_uri{};                  // AWS_CONTAINER_CREDENTIALS_FULL_URI
  std::string relative_uri{};              // AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
  std::string authorization_token{};       // AWS_CONTAINER_AUTHORIZATION_TOKEN
  std::string authorization_token_file{};  // AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
};

// Not set up: neither URI variable is set. Broken: a URI that is not http(s) (kConfig), an
// unreadable token file (kLocalIo), the endpoint unreachable (kNetwork), the token refused (kAuth,
// HTTP 401/403), any other non-200 answer (kServer) or an unreadable document (kInternal).
class ContainerCredentials final : public CredentialSource {
 public:
  ContainerCredentials(ContainerEndpoint endpoint, TransportFactory make_transport);

  Result<std::optional<Credentials>> Lookup() override;
  // "container credentials URL".
  std::string Name() const override;

 private:
  std::string Url() const;
  Result<std::string> AuthorizationToken() const;
  Result<http::Response> Fetch(http::Request request);

  ContainerEndpoint endpoint_;
  TransportFactory make_transport_;
  std::unique_ptr<http::Transport> transport_;
};

}  // namespace s3mirror::auth
