// Credentials of the EC2 instance's IAM role from the instance metadata service, IMDSv2: a PUT of
// /latest/api/token (ttl 21600 s), then GET /latest/meta-data/iam/security-credentials/ for the
// role name and GET .../ROLE for the JSON document of credential_fetch.h, both with the token.
// Short deadlines (1 s to connect, 2 s per request) so a machine outside EC2 is barely slowed.
#pragma once

#include <string>

#include "auth/credential_fetch.h"
#include "auth/credentials.h"

namespace s3mirror::auth {

inline constexpr const char* kImdsEndpoint = "http://169.254.169.254";
inline constexpr std::chrono::milliseconds kImdsDeadline{2000};

struct ImdsOptions {
  std::string endpoint = kImdsEndpoint;  // AWS_EC2_METADATA_SERVICE_ENDPOINT when set
  bool disabled = false;                 // AWS_EC2_METADATA_DISABLED=true
};

// Not set up: disabled, the endpoint does not answer the token request (not on EC2), or no role
// is attached (404 on the role list). Broken: a bad endpoint URL (kConfig), a refused token or
// role document (kAuth/kServer), an unreadable document (kInternal).
class ImdsCredentials final : public CredentialSource {
 public:
  ImdsCredentials(ImdsOptions options, TransportFactory make_transport);

  Result<std::optional<Credentials>> Lookup() override;
  // "EC2 instance metadata ENDPOINT".
  std::string Name() const override;

 private:
  // nullopt: no answer at all (not on EC2).
  Result<std::optional<std::string>> SessionToken();
  Result<http::Response> GetMetadata(const std::string& path, const std::string& token);
  Result<http::Response> Fetch(http::Request request);

  ImdsOptions options_;
  TransportFactory make_transport_;
  std::unique_ptr<http::Transport> transport_;
};

}  // namespace s3mirror::auth
