#include "auth/assume_role_credentials.h"

#include "auth/credential_fetch.h"
#include "auth/sigv4.h"
#include "auth/web_identity_credentials.h"
#include "util/uri.h"

namespace s3mirror::auth {
namespace {

constexpr std::chrono::milliseconds kDeadline{10000};

std::string Field(const std::string& name, const std::string& value) {
  return "&" + name + "=" + UriEncode(value, false);
}

}  // namespace

std::string AssumeRoleForm(const AssumeRoleRequest& request) {
  std::string form =
      "Action=AssumeRole" + Field("Version", "2011-06-15") + Field("RoleArn", request.role_arn) +
      Field("RoleSessionName", request.session_name.empty() ? "s3mirror" : request.session_name);
  if (!request.external_id.empty()) form += Field("ExternalId", request.external_id);
  if (request.duration_seconds > 0) {
    form += Field("DurationSeconds", std::to_string(request.duration_seconds));
  }
  return form;
}

Result<Credentials> AssumeRole(const AssumeRoleRequest& request, const Credentials& base,
                               http::Transport& transport,
                               std::chrono::system_clock::time_point now) {
  const std::string endpoint = request.sts_endpoint.empty() ? kStsEndpoint : request.sts_endpoint;
  Result<http::Request> call = RequestForUrl("POST", endpoint, "AWS_ENDPOINT_URL_STS");
  if (!call) return Fail(std::move(call).error());
  call->body = std::make_shared<const std::string>(AssumeRoleForm(request));
  call->headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  // The global STS endpoint signs in us-east-1; the body is hashed (payload_hash empty).
  SignRequest(
      *call, base,
      SigningParams{.region = "us-east-1", .service = "sts", .time = now, .payload_hash = ""});
  Result<http::Response> response = FetchWithin(transport, std::move(*call), kDeadline);
  if (!response) {
    return Fail(ErrorKind::kNetwork,
                request.source + ": STS " + endpoint + ": " + response.error().message);
  }
  if (response->status != 200) {
    const std::string detail = DescribeStsError(response->body);
    const bool refused = response->status >= 400 && response->status < 500;
    return Fail(refused ? ErrorKind::kAuth : ErrorKind::kServer,
                request.source + ": STS refused AssumeRole (HTTP " +
                    std::to_string(response->status) + ")" + (detail.empty() ? "" : ": " + detail));
  }
  return ParseStsCredentials(response->body, "AssumeRole", request.source);
}

}  // namespace s3mirror::auth
