// Credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. The values are
// read by the caller (config/settings.cpp, through the Environment seam) and passed in, so this
// source does no I/O.
#pragma once

#include <string>

#include "auth/credentials.h"

namespace s3mirror::auth {

struct EnvironmentKeys {
  std::string access_key_id;      // AWS_ACCESS_KEY_ID; empty when unset
  std::string secret_access_key;  // AWS_SECRET_ACCESS_KEY
  std::string session_token;      // AWS_SESSION_TOKEN
};

// Not set up: neither key variable is set (a lone session token is ignored). Broken (kConfig): only
// one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set.
class EnvCredentials final : public CredentialSource {
 public:
  explicit EnvCredentials(EnvironmentKeys keys) : keys_(std::move(keys)) {}

  Result<std::optional<Credentials>> Lookup() override;
  std::string Name() const override { return "environment"; }

 private:
  EnvironmentKeys keys_;
};

}  // namespace s3mirror::auth
