// RequestSigner: signs requests just before they are sent, with fresh credentials from a provider
// and the current time corrected by the server clock offset (set after RequestTimeTooSkewed).
// Payloads are hashed over http; over https the payload is UNSIGNED-PAYLOAD (TLS protects it and
// Content-MD5 still guards integrity). What the server taught during a run (region, clock offset,
// a host to use instead, expired credentials) is set here, so that every path that signs through
// this signer (the listing client, the executor) follows it. Not thread-safe: owned by the network
// thread.
// PayloadSigning::kUnsignedWithChecksum (sync --unsigned-payload) also sends UNSIGNED-PAYLOAD over
// http, for uploads that carry a signed body checksum only (see below).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/credentials.h"
#include "http/request.h"
#include "util/clock.h"
#include "util/result.h"

namespace s3mirror::auth {

// What x-amz-content-sha256 says about the body of a request sent over plain http (over https it
// is always UNSIGNED-PAYLOAD).
enum class PayloadSigning {
  // The hex SHA-256 of the body (of the empty string for a bodiless request).
  kSignedOverHttp,
  // UNSIGNED-PAYLOAD for a PUT (PutObject, UploadPart) that carries a body checksum header
  // (CarriesBodyChecksum); every other request as kSignedOverHttp. The checksum header is signed
  // like every header (sigv4_canonical.h), so the server still verifies the body against a value
  // the signature covers, and the client skips one SHA-256 pass over every upload. Against
  // corruption any checksum does; against someone on the path who alters bodies, Content-MD5
  // rests on MD5's second-preimage resistance, x-amz-checksum-sha256 on SHA-256's. Bodiless
  // requests keep the (constant) empty-body hash, and the small XML bodies of DeleteObjects and
  // CompleteMultipartUpload stay signed: hashing them costs nothing worth saving, and a delete's
  // body decides what is destroyed. A PUT without a checksum header (--checksum none) is hashed
  // as before: this mode never sends a body that nothing verifies.
  kUnsignedWithChecksum,
};

// True when `request` has a header that carries a checksum of its body which S3 verifies:
// Content-MD5 or x-amz-checksum-{crc32,crc32c,crc64nvme,sha1,sha256} (not the
// x-amz-checksum-algorithm announcement of CreateMultipartUpload). Names are case-insensitive.
bool CarriesBodyChecksum(const http::Request& request);

class RequestSigner {
 public:
  RequestSigner(CredentialProvider& credentials, std::string region, const Clock& clock,
                PayloadSigning payload = PayloadSigning::kSignedOverHttp);

  // Moves the request to the redirected host (see RedirectHost), then adds the SigV4 headers.
  // Fails only when credentials cannot be obtained.
  Status Sign(http::Request& request);

  // True when a PUT of `scheme` carrying `checksum_header` (Content-MD5 or x-amz-checksum-*) is
  // signed with its body's SHA-256 (so hashing it ahead of signing is worth it).
  bool HashesPutPayload(std::string_view scheme, bool checksum_header) const {
    return scheme == "http" && (payload_ == PayloadSigning::kSignedOverHttp || !checksum_header);
  }

  const std::string& region() const { return region_; }
  void set_region(std::string region) { region_ = std::move(region); }
  // Server time minus local time, applied to every later signature.
  std::chrono::seconds clock_offset() const { return clock_offset_; }
  void set_clock_offset(std::chrono::seconds offset) { clock_offset_ = offset; }

  // From now on a request whose host ends with `from` goes to the same host ending with `to`
  // ("s3.us-east-1.amazonaws.com" -> "s3.eu-west-1.amazonaws.com"); the Host header follows.
  void RedirectHost(std::string from, std::string to);

  // The credentials were refused as expired: the provider is told to fetch new ones, and the
  // credential generation goes up by one.
  void ForceRefresh();
  // Counts ForceRefresh() calls: a request signed under an older generation was signed with
  // credentials that have been replaced since.
  std::uint64_t credential_generation() const { return credential_generation_; }

 private:
  void ApplyHostRedirect(http::Request& request) const;
  // The payload hash to sign: empty means "hash the body".
  std::string PayloadHashFor(const http::Request& request) const;

  CredentialProvider& credentials_;
  std::string region_;
  const Clock& clock_;
  PayloadSigning payload_;
  std::chrono::seconds clock_offset_{0};
  std::string redirect_from_;
  std::string redirect_to_;
  std::uint64_t credential_generation_ = 0;
};

}  // namespace s3mirror::auth
