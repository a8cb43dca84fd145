#include "auth/web_identity_credentials.h"

#include <pugixml.hpp>

#include "util/uri.h"

namespace s3mirror::auth {
namespace {

constexpr std::chrono::milliseconds kDeadline{10000};

std::string FormField(const std::string& name, const std::string& value) {
  return name + "=" + UriEncode(value, false);
}

}  // namespace

WebIdentityCredentials::WebIdentityCredentials(WebIdentityOptions options,
                                               TransportFactory make_transport)
    : options_(std::move(options)), make_transport_(std::move(make_transport)) {
  if (options_.sts_endpoint.empty()) options_.sts_endpoint = kStsEndpoint;
  if (options_.session_name.empty()) options_.session_name = "s3mirror";
}

std::string WebIdentityCredentials::Name() const {
  return "web identity (role " + options_.role_arn + ")";
}

Result<http::Response> WebIdentityCredentials::Call(const std::string& token) {
  Result<http::Request> request =
      RequestForUrl("POST", options_.sts_endpoint, "AWS_ENDPOINT_URL_STS");
  if (!request) return Fail(std::move(request).error());
  request->body = std::make_shared<const std::string>(
      FormField("Action", "AssumeRoleWithWebIdentity") + "&" + FormField("Version", "2011-06-15") +
      "&" + FormField("RoleArn", options_.role_arn) + "&" +
      FormField("RoleSessionName", options_.session_name) + "&" +
      FormField("WebIdentityToken", token));
  request->headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  if (!transport_) transport_ = make_transport_();
  Result<http::Response> response = FetchWithin(*transport_, std::move(*request), kDeadline);
  if (!response) {
    return Fail(ErrorKind::kNetwork,
                Name() + ": STS " + options_.sts_endpoint + ": " + response.error().message);
  }
  return response;
}

Result<std::optional<Credentials>> WebIdentityCredentials::Lookup() {
  const bool has_file = !options_.token_file.empty();
  const bool has_role = !options_.role_arn.empty();
  if (!has_file && !has_role) return std::optional<Credentials>();
  if (!has_file || !has_role) {
    return Fail(ErrorKind::kConfig,
                "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN must be set together");
  }
  Result<std::string> token = ReadTokenFile(options_.token_file, "AWS_WEB_IDENTITY_TOKEN_FILE");
  if (!token) return Fail(std::move(token).error());
  Result<http::Response> response = Call(*token);
  if (!response) return Fail(std::move(response).error());
  if (response->status != 200) {
    const std::string detail = DescribeStsError(response->body);
    const bool refused = response->status >= 400 && response->status < 500;
    return Fail(refused ? ErrorKind::kAuth : ErrorKind::kServer,
                Name() + ": STS refused AssumeRoleWithWebIdentity (HTTP " +
                    std::to_string(response->status) + ")" + (detail.empty() ? "" : ": " + detail));
  }
  Result<Credentials> credentials = ParseAssumeRoleWithWebIdentity(response->body, Name());
  if (!credentials) return Fail(std::move(credentials).error());
  return std::optional<Credentials>(std::move(*credentials));
}

Result<Credentials> ParseAssumeRoleWithWebIdentity(std::string_view xml,
                                                   const std::string& source) {
  return ParseStsCredentials(xml, "AssumeRoleWithWebIdentity", source);
}

Result<Credentials> ParseStsCredentials(std::string_view xml, const std::string& action,
                                        const std::string& source) {
  pugi::xml_document document;
  if (!document.load_buffer(xml.data(), xml.size())) {
    return Fail(ErrorKind::kInternal, source + ": STS answered with something that is not XML");
  }
  const pugi::xml_node node = document.child((action + "Response").c_str())
                                  .child((action + "Result").c_str())
                                  .child("Credentials");
  Credentials credentials{.access_key_id = node.child_value("AccessKeyId"),
                          .secret_access_key = node.child_value("SecretAccessKey"),
                          .session_token = node.child_value("SessionToken"),
                          .expiration = std::nullopt,
                          .source = source,
                          .file = ""};
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return Fail(ErrorKind::kInternal, source + ": STS answer has no Credentials");
  }
  const std::string expiration = node.child_value("Expiration");
  credentials.expiration = ParseIso8601(expiration);
  if (!credentials.expiration) {
    return Fail(ErrorKind::kInternal,
                source + ": STS answer has an unreadable Expiration \"" + expiration + "\"");
  }
  return credentials;
}

std::string DescribeStsError(std::string_view xml) {
  pugi::xml_document document;
  if (!document.load_buffer(xml.data(), xml.size())) return "";
  const pugi::xml_node error = document.child("ErrorResponse").child("Error");
  const std::string code = error.child_value("Code");
  if (code.empty()) return "";
  const std::string message = error.child_value("Message");
  return message.empty() ? code : code + ": " + message;
}

}  // namespace s3mirror::auth
