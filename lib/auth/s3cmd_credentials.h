// Credentials from an s3cmd config file (~/.s3cfg or --config FILE): access_key, secret_key and
// access_token in its [default] section. Reads the file on every Lookup(); the chain caches.
#pragma once

#include <string>

#include "auth/credentials.h"

namespace s3mirror::auth {

struct S3cmdConfigPath {
  std::string path;
  // Given with --config: a missing file is an error. Otherwise (~/.s3cfg) it is "not set up".
  bool required = false;
};

// Not set up: no file (unless required), or neither key set (s3cmd writes "access_key =" lines).
// Broken (kConfig): a required file that is missing, half a key pair, a file that does not parse.
class S3cmdCredentials final : public CredentialSource {
 public:
  explicit S3cmdCredentials(S3cmdConfigPath config) : config_(std::move(config)) {}

  Result<std::optional<Credentials>> Lookup() override;
  std::string Name() const override { return "s3cmd config " + config_.path; }

 private:
  S3cmdConfigPath config_;
};

}  // namespace s3mirror::auth
