// Credentials and where they come from. A CredentialProvider is one source (environment, profile,
// s3cmd config, ...); the chain picks the first source that has credentials. Secrets never go into
// messages: Describe() names the source only.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "util/result.h"

namespace s3mirror::auth {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  // When temporary credentials stop working; nullopt for long-term keys.
  std::optional<std::chrono::system_clock::time_point> expiration;
  std::string source;  // e.g. "environment", "profile default (~/.aws/credentials)"
};

class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;
  // Current credentials. kConfig when the source is not set up at all ("not configured"), other kinds
  // when it is set up but broken (the chain reports those instead of silently falling through).
  virtual Result<Credentials> Get() = 0;
};

}  // namespace s3mirror::auth
