#include "auth/imds_credentials.h"

namespace s3mirror::auth {
namespace {

constexpr const char* kTokenPath = "/latest/api/token";
constexpr const char* kRolesPath = "/latest/meta-data/iam/security-credentials/";

std::string WithoutTrailingSlash(std::string url) {
  while (url.ends_with('/')) url.pop_back();
  return url;
}

std::string FirstLine(const std::string& text) {
  const size_t end = text.find_first_of("\r\n");
  return text.substr(0, end);
}

}  // namespace

ImdsCredentials::ImdsCredentials(ImdsOptions options, TransportFactory make_transport)
    : options_(std::move(options)), make_transport_(std::move(make_transport)) {
  if (options_.endpoint.empty()) options_.endpoint = kImdsEndpoint;
  options_.endpoint = WithoutTrailingSlash(options_.endpoint);
}

std::string ImdsCredentials::Name() const { return "EC2 instance metadata " + options_.endpoint; }

Result<http::Response> ImdsCredentials::Fetch(http::Request request) {
  if (!transport_) transport_ = make_transport_();
  return FetchWithin(*transport_, std::move(request), kImdsDeadline);
}

Result<std::optional<std::string>> ImdsCredentials::SessionToken() {
  Result<http::Request> request =
      RequestForUrl("PUT", options_.endpoint + kTokenPath, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
  if (!request) return Fail(std::move(request).error());
  request->headers.push_back({"X-aws-ec2-metadata-token-ttl-seconds", "21600"});
  Result<http::Response> response = Fetch(std::move(*request));
  if (!response) return std::optional<std::string>();  // nothing there: not on EC2
  if (response->status != 200 || response->body.empty()) {
    return Fail(ErrorKind::kServer, Name() + " refused a session token (HTTP " +
                                        std::to_string(response->status) + ")");
  }
  return std::optional<std::string>(response->body);
}

Result<http::Response> ImdsCredentials::GetMetadata(const std::string& path,
                                                    const std::string& token) {
  Result<http::Request> request =
      RequestForUrl("GET", options_.endpoint + path, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
  if (!request) return Fail(std::move(request).error());
  request->headers.push_back({"X-aws-ec2-metadata-token", token});
  Result<http::Response> response = Fetch(std::move(*request));
  if (!response) return Fail(ErrorKind::kNetwork, Name() + ": " + response.error().message);
  if (response->status == 401 || response->status == 403) {
    return Fail(ErrorKind::kAuth, Name() + " refused its own session token on " + path + " (HTTP " +
                                      std::to_string(response->status) + ")");
  }
  return response;
}

Result<std::optional<Credentials>> ImdsCredentials::Lookup() {
  if (options_.disabled) return std::optional<Credentials>();
  Result<std::optional<std::string>> token = SessionToken();
  if (!token) return Fail(std::move(token).error());
  if (!token->has_value()) return std::optional<Credentials>();

  Result<http::Response> roles = GetMetadata(kRolesPath, **token);
  if (!roles) return Fail(std::move(roles).error());
  if (roles->status == 404) return std::optional<Credentials>();  // no role attached
  const std::string role = FirstLine(roles->body);
  if (roles->status != 200 || role.empty()) {
    return Fail(ErrorKind::kServer,
                Name() + " did not name an IAM role (HTTP " + std::to_string(roles->status) + ")");
  }
  Result<http::Response> document = GetMetadata(kRolesPath + role, **token);
  if (!document) return Fail(std::move(document).error());
  const std::string source = "EC2 instance metadata (role " + role + ")";
  if (document->status != 200) {
    return Fail(ErrorKind::kServer, source + " did not hand out credentials (HTTP " +
                                        std::to_string(document->status) + ")");
  }
  Result<Credentials> credentials = ParseCredentialJson(document->body, source);
  if (!credentials) return Fail(std::move(credentials).error());
  return std::optional<Credentials>(std::move(*credentials));
}

}  // namespace s3mirror::auth
