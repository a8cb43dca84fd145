// RequestSigner: signs requests just before they are sent, with fresh credentials from a provider
// and the current time corrected by the server clock offset (set after RequestTimeTooSkewed).
// Payloads are hashed over http; over https the payload is UNSIGNED-PAYLOAD (TLS protects it and
// Content-MD5 still guards integrity). What the server taught during a run (region, clock offset,
// a host to use instead, expired credentials) is set here, so that every path that signs through
// this signer (the listing client, the executor) follows it. Not thread-safe: owned by the network
// thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "auth/credentials.h"
#include "http/request.h"
#include "util/clock.h"
#include "util/result.h"

namespace s3mirror::auth {

class RequestSigner {
 public:
  RequestSigner(CredentialProvider& credentials, std::string region, const Clock& clock);

  // Moves the request to the redirected host (see RedirectHost), then adds the SigV4 headers.
  // Fails only when credentials cannot be obtained.
  Status Sign(http::Request& request);

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

  CredentialProvider& credentials_;
  std::string region_;
  const Clock& clock_;
  std::chrono::seconds clock_offset_{0};
  std::string redirect_from_;
  std::string redirect_to_;
  std::uint64_t credential_generation_ = 0;
};

}  // namespace s3mirror::auth
