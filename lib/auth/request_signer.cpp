#include "auth/request_signer.h"

#include <strings.h>

#include <string_view>

#include "auth/sigv4.h"

namespace s3mirror::auth {

bool CarriesBodyChecksum(const http::Request& request) {
  static constexpr std::string_view kChecksumHeaders[] = {
      "content-md5",           "x-amz-checksum-crc32",
      "x-amz-checksum-crc32c", "x-amz-checksum-crc64nvme",
      "x-amz-checksum-sha1",   "x-amz-checksum-sha256"};
  for (std::string_view name : kChecksumHeaders) {
    if (http::FindHeader(request.headers, name) != nullptr) return true;
  }
  return false;
}

RequestSigner::RequestSigner(CredentialProvider& credentials, std::string region,
                             const Clock& clock, PayloadSigning payload)
    : credentials_(credentials), region_(std::move(region)), clock_(clock), payload_(payload) {}

Status RequestSigner::Sign(http::Request& request) {
  Result<Credentials> credentials = credentials_.Get();
  if (!credentials) return Fail(std::move(credentials).error());
  ApplyHostRedirect(request);
  SignRequest(request, *credentials,
              SigningParams{.region = region_,
                            .service = "s3",
                            .time = clock_.Now() + clock_offset_,
                            .payload_hash = PayloadHashFor(request)});
  return {};
}

// Over https TLS protects the body and Content-MD5 guards it, so the body is not hashed a second
// time; over plain http the signature covers the body, or (kUnsignedWithChecksum) the signed
// checksum header of an upload does.
std::string RequestSigner::PayloadHashFor(const http::Request& request) const {
  if (request.scheme == "https") return kUnsignedPayload;
  const bool upload = request.method == "PUT" && CarriesBodyChecksum(request);
  if (payload_ == PayloadSigning::kUnsignedWithChecksum && upload) return kUnsignedPayload;
  return "";
}

void RequestSigner::RedirectHost(std::string from, std::string to) {
  redirect_from_ = std::move(from);
  redirect_to_ = std::move(to);
}

void RequestSigner::ForceRefresh() {
  credentials_.ForceRefresh();
  ++credential_generation_;
}

// The Host header is signed, so it must name the new host before signing.
void RequestSigner::ApplyHostRedirect(http::Request& request) const {
  if (redirect_from_.empty() || !request.host.ends_with(redirect_from_)) return;
  const size_t keep = request.host.size() - redirect_from_.size();
  if (keep > 0 && request.host[keep - 1] != '.') return;  // a whole label only
  request.host = request.host.substr(0, keep) + redirect_to_;
  for (http::Header& header : request.headers) {
    if (strcasecmp(header.name.c_str(), "host") == 0) header.value = request.host;
  }
}

}  // namespace s3mirror::auth
