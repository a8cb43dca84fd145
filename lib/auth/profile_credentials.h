// Credentials from a profile in the shared AWS files ([NAME] in the credentials file, [profile
// NAME] or [default] in the config file; per key, the credentials file wins). A profile holds, in
// this order of precedence (as the AWS CLI):
//   role_arn + source_profile (+ external_id, role_session_name, duration_seconds): the role
//     assumed through STS AssumeRole with the source profile's credentials (itself keys, a
//     credential_process or another role, up to kMaxRoleChain deep; a profile may name itself as
//     source_profile to use its own keys);
//   aws_access_key_id + aws_secret_access_key (+ aws_session_token);
//   credential_process: credentials printed by a program (process_credentials.h).
// Reads the files on every Lookup(); wrap it in RefreshingCredentials to keep temporary ones.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "auth/credential_fetch.h"
#include "auth/credentials.h"
#include "auth/process_credentials.h"
#include "util/clock.h"

namespace s3mirror::auth {

inline constexpr int kMaxRoleChain = 5;

struct ProfileFiles {
  std::string credentials_file;  // AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials
  std::string config_file;       // AWS_CONFIG_FILE or ~/.aws/config
  std::string profile = "default";
  // The profile was asked for (--profile, AWS_PROFILE): its absence is an error, not "not set up".
  bool profile_requested = false;
};

// What role and process profiles need besides the files.
struct ProfileServices {
  std::string sts_endpoint{};         // empty: https://sts.amazonaws.com
  TransportFactory make_transport{};  // for STS; required for role profiles
  std::chrono::milliseconds process_timeout = kCredentialProcessTimeout;
  const Clock* clock = nullptr;  // signing time for STS; null: the system clock
};

// Not set up: the profile is in neither file (and was not requested), or it has none of the above
// (a [default] that only sets the region). Broken (kConfig): a requested profile that is missing
// or has nothing usable (the message names the files looked at), half a key pair, role_arn without
// source_profile, a missing source profile, a chain too long, a bad duration_seconds, a file that
// does not parse; kLocalIo: a file that exists but cannot be read; STS's and the process's errors
// as AssumeRole and RunCredentialProcess report them. A broken profile never falls through.
class ProfileCredentials final : public CredentialSource {
 public:
  explicit ProfileCredentials(ProfileFiles files, ProfileServices services = {});

  Result<std::optional<Credentials>> Lookup() override;
  std::string Name() const override;

 private:
  struct Keys;
  Result<Keys> Read(const std::string& profile) const;
  Result<std::optional<Credentials>> Resolve(const std::string& profile, bool required, int depth);
  Result<std::optional<Credentials>> StaticKeys(const std::string& profile, const Keys& keys,
                                                bool required) const;
  Result<Credentials> AssumeRoleOf(const std::string& profile, const Keys& keys, int depth);
  std::string LookedAt() const;

  ProfileFiles files_;
  ProfileServices services_;
  std::unique_ptr<http::Transport> transport_;  // STS, made on first use
};

// The config-file section name of a profile: "default" or "profile NAME".
std::string ConfigSectionName(const std::string& profile);

}  // namespace s3mirror::auth
