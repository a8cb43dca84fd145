// Credentials for a role assumed with a web identity token (EKS IRSA and friends): the token in
// AWS_WEB_IDENTITY_TOKEN_FILE is exchanged for temporary credentials of AWS_ROLE_ARN by STS
// AssumeRoleWithWebIdentity, an unsigned form POST to the STS endpoint (https://sts.amazonaws.com,
// or AWS_ENDPOINT_URL_STS). The token file is read on every Lookup(), since it is rotated.
#pragma once

#include <string>
#include <string_view>

#include "auth/credential_fetch.h"
#include "auth/credentials.h"

namespace s3mirror::auth {

inline constexpr const char* kStsEndpoint = "https://sts.amazonaws.com";

struct WebIdentityOptions {
  std::string token_file{};    // AWS_WEB_IDENTITY_TOKEN_FILE
  std::string role_arn{};      // AWS_ROLE_ARN
  std::string session_name{};  // AWS_ROLE_SESSION_NAME; "s3mirror" when empty
  std::string sts_endpoint = kStsEndpoint;
};

// Not set up: neither the token file nor the role is set. Broken: only one of them is set
// (kConfig), the token file cannot be read (kLocalIo), STS unreachable (kNetwork), the token or
// role refused (kAuth, with STS's code and message), another failure (kServer), an unreadable
// answer (kInternal).
class WebIdentityCredentials final : public CredentialSource {
 public:
  WebIdentityCredentials(WebIdentityOptions options, TransportFactory make_transport);

  Result<std::optional<Credentials>> Lookup() override;
  // "web identity (role ARN)".
  std::string Name() const override;

 private:
  Result<http::Response> Call(const std::string& token);

  WebIdentityOptions options_;
  TransportFactory make_transport_;
  std::unique_ptr<http::Transport> transport_;
};

// AssumeRoleWithWebIdentityResponse -> Credentials (AccessKeyId, SecretAccessKey, SessionToken,
// Expiration), with `source` as their source; kInternal when the document is not one.
Result<Credentials> ParseAssumeRoleWithWebIdentity(std::string_view xml, const std::string& source);

// <ACTION>Response/<ACTION>Result/Credentials of an STS answer (AssumeRole,
// AssumeRoleWithWebIdentity), as ParseAssumeRoleWithWebIdentity.
Result<Credentials> ParseStsCredentials(std::string_view xml, const std::string& action,
                                        const std::string& source);

// An STS ErrorResponse as "Code: Message"; empty when the body is not one.
std::string DescribeStsError(std::string_view xml);

}  // namespace s3mirror::auth
