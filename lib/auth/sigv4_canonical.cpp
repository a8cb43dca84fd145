#include "auth/sigv4_canonical.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <utility>

#include "util/crypto.h"
#include "util/uri.h"

namespace s3mirror::auth {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// SigV4 "Trimall": no leading or trailing spaces, sequential spaces collapsed to one.
std::string TrimAll(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// Decoding first makes the encoding idempotent: what the request builder encoded stays as it is,
// and a character it left alone that SigV4 encodes ('$', '@', ...) is encoded here, which is what
// the server does with the path it received.
std::string Reencode(std::string_view text, bool keep_slash) {
  return UriEncode(UriDecode(text), keep_slash);
}

}  // namespace

std::string CanonicalUri(std::string_view path) {
  if (path.empty()) return "/";
  // S3 signs the path encoded once and not normalised: "a//b/./c" stays as it is.
  return Reencode(path, /*keep_slash=*/true);
}

std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  while (!query.empty()) {
    const size_t amp = std::min(query.find('&'), query.size());
    const std::string_view param = query.substr(0, amp);
    query.remove_prefix(std::min(amp + 1, query.size()));
    if (param.empty()) continue;
    const size_t equals = std::min(param.find('='), param.size());
    const std::string_view value = equals < param.size() ? param.substr(equals + 1) : "";
    params.emplace_back(Reencode(param.substr(0, equals), false), Reencode(value, false));
  }
  std::sort(params.begin(), params.end());  // by encoded name, then encoded value (bytes)
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    out += name + "=" + value;
  }
  return out;
}

CanonicalHeaders CanonicalizeHeaders(const std::vector<http::Header>& headers) {
  std::map<std::string, std::string> by_name;  // sorted by lower-case name
  for (const http::Header& header : headers) {
    auto [it, inserted] = by_name.try_emplace(Lower(TrimAll(header.name)), TrimAll(header.value));
    if (!inserted) it->second += "," + TrimAll(header.value);
  }
  CanonicalHeaders result;
  for (const auto& [name, value] : by_name) {
    result.block += name + ":" + value + "\n";
    if (!result.signed_headers.empty()) result.signed_headers.push_back(';');
    result.signed_headers += name;
  }
  return result;
}

std::string CanonicalRequest(const http::Request& request, std::string_view payload_hash) {
  const CanonicalHeaders headers = CanonicalizeHeaders(request.headers);
  return request.method + "\n" + CanonicalUri(request.path) + "\n" + CanonicalQuery(request.query) +
         "\n" + headers.block + "\n" + headers.signed_headers + "\n" + std::string(payload_hash);
}

std::string CredentialScope::ToString() const {
  return date + "/" + region + "/" + service + "/aws4_request";
}

std::string AmzTimestamp(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

std::string StringToSign(const StringToSignInput& input) {
  return std::string(kSigV4Algorithm) + "\n" + std::string(input.timestamp) + "\n" +
         input.scope.ToString() + "\n" + HexEncode(Sha256(input.canonical_request));
}

std::string SigningKey(std::string_view secret_access_key, const CredentialScope& scope) {
  const std::string date_key = HmacSha256("AWS4" + std::string(secret_access_key), scope.date);
  const std::string region_key = HmacSha256(date_key, scope.region);
  const std::string service_key = HmacSha256(region_key, scope.service);
  return HmacSha256(service_key, "aws4_request");
}

std::string Signature(std::string_view signing_key, std::string_view string_to_sign) {
  return HexEncode(HmacSha256(signing_key, string_to_sign));
}

std::string AuthorizationHeader(const AuthorizationInput& input) {
  return std::string(kSigV4Algorithm) + " Credential=" + std::string(input.access_key_id) + "/" +
         input.scope.ToString() + ", SignedHeaders=" + std::string(input.signed_headers) +
         ", Signature=" + std::string(input.signature);
}

}  // namespace s3mirror::auth
