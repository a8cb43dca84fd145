#include "auth/sigv4.h"

#include <strings.h>
#include <algorithm>

#include "auth/sigv4_canonical.h"
#include "util/crypto.h"

namespace s3mirror::auth {
namespace {

void RemoveHeader(std::vector<http::Header>& headers, std::string_view name) {
  std::erase_if(headers, [&](const http::Header& header) {
    return header.name.size() == name.size() &&
           strncasecmp(header.name.data(), name.data(), name.size()) == 0;
  });
}

// Replaces any earlier value, so re-signing a retried request signs it afresh.
void SetHeader(std::vector<http::Header>& headers, std::string name, std::string value) {
  RemoveHeader(headers, name);
  headers.push_back(http::Header{.name = std::move(name), .value = std::move(value)});
}

std::string PayloadHash(const http::Request& request, const SigningParams& params) {
  if (!params.payload_hash.empty()) return params.payload_hash;
  if (!request.body || request.body->empty()) return kEmptyPayloadSha256;
  if (!request.body_sha256_hex.empty()) return request.body_sha256_hex;
  return HexEncode(Sha256(*request.body));
}

}  // namespace

void SignRequest(http::Request& request, const Credentials& credentials,
                 const SigningParams& params) {
  RemoveHeader(request.headers, "authorization");
  if (http::FindHeader(request.headers, "host") == nullptr) {
    request.headers.push_back(http::Header{.name = "host", .value = request.host});
  }
  const std::string timestamp = AmzTimestamp(params.time);
  const std::string payload_hash = PayloadHash(request, params);
  SetHeader(request.headers, "x-amz-date", timestamp);
  SetHeader(request.headers, "x-amz-content-sha256", payload_hash);
  RemoveHeader(request.headers, "x-amz-security-token");
  if (!credentials.session_token.empty()) {
    request.headers.push_back(
        http::Header{.name = "x-amz-security-token", .value = credentials.session_token});
  }

  const CredentialScope scope{
      .date = timestamp.substr(0, 8), .region = params.region, .service = params.service};
  const std::string canonical_request = CanonicalRequest(request, payload_hash);
  const std::string string_to_sign = StringToSign(
      {.timestamp = timestamp, .scope = scope, .canonical_request = canonical_request});
  const std::string signature =
      Signature(SigningKey(credentials.secret_access_key, scope), string_to_sign);
  const std::string signed_headers = CanonicalizeHeaders(request.headers).signed_headers;
  request.headers.push_back(
      http::Header{.name = "Authorization",
                   .value = AuthorizationHeader({.access_key_id = credentials.access_key_id,
                                                 .scope = scope,
                                                 .signed_headers = signed_headers,
                                                 .signature = signature})});
}

}  // namespace s3mirror::auth
