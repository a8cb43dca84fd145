// RequestSigner: signs requests just before they are sent, with fresh credentials from a provider
// and the current time corrected by the server clock offset (set after RequestTimeTooSkewed).
// Payloads are hashed over http; over https the payload is UNSIGNED-PAYLOAD (TLS protects it and
// Content-MD5 still guards integrity). Not thread-safe: owned by the network thread.
#pragma once

#include <chrono>
#include <string>

#include "auth/credentials.h"
#include "http/request.h"
#include "util/clock.h"
#include "util/result.h"

namespace s3mirror::auth {

class RequestSigner {
 public:
  RequestSigner(CredentialProvider& credentials, std::string region, const Clock& clock);

  // Adds the SigV4 headers. Fails only when credentials cannot be obtained.
  Status Sign(http::Request& request);

  const std::string& region() const { return region_; }
  void set_region(std::string region) { region_ = std::move(region); }
  // Server time minus local time, applied to every later signature.
  void set_clock_offset(std::chrono::seconds offset) { clock_offset_ = offset; }

 private:
  CredentialProvider& credentials_;
  std::string region_;
  const Clock& clock_;
  std::chrono::seconds clock_offset_{0};
};

}  // namespace s3mirror::auth
