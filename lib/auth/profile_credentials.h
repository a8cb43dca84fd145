// Credentials from a profile in the shared AWS files: aws_access_key_id, aws_secret_access_key and
// aws_session_token in section [NAME] of the credentials file or [profile NAME] ([default] for the
// default profile) of the config file. Per key, the credentials file wins. Reads the files on every
// Lookup(); the chain caches the result.
#pragma once

#include <string>

#include "auth/credentials.h"

namespace s3mirror::auth {

struct ProfileFiles {
  std::string credentials_file;  // AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials
  std::string config_file;       // AWS_CONFIG_FILE or ~/.aws/config
  std::string profile = "default";
  // The profile was asked for (--profile, AWS_PROFILE): its absence is an error, not "not set up".
  bool profile_requested = false;
};

// Not set up: the profile is in neither file (and was not requested), or it has neither key (a
// [default] that only sets the region). Broken (kConfig): a requested profile that is missing or
// has no keys (the message names the files looked at), half a key pair, a file that does not
// parse. kLocalIo: a file that exists but cannot be read. Missing files count as empty.
class ProfileCredentials final : public CredentialSource {
 public:
  explicit ProfileCredentials(ProfileFiles files) : files_(std::move(files)) {}

  Result<std::optional<Credentials>> Lookup() override;
  std::string Name() const override;

 private:
  ProfileFiles files_;
};

// The config-file section name of a profile: "default" or "profile NAME".
std::string ConfigSectionName(const std::string& profile);

}  // namespace s3mirror::auth
