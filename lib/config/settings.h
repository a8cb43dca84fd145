// Settings shared by every command, resolved from (first wins) command-line flags, the
// environment, the shared AWS files and the s3cmd config file. See CLI.md "Where settings come from".
#pragma once

#include <memory>
#include <string>

#include "auth/credentials.h"
#include "config/environment.h"
#include "s3/endpoint.h"
#include "util/result.h"

namespace s3mirror::config {

// Global options as given on the command line; empty means "not given".
struct GlobalFlags {
  std::string endpoint_url;
  std::string region;
  std::string profile;
  std::string config_file;  // s3cmd config; empty: ~/.s3cfg when present
  std::string addressing;   // "path", "virtual", "auto" or empty
  std::string ca_bundle;
  std::string state_dir;
};

struct Settings {
  s3::Endpoint endpoint;
  // The credential chain (environment, profile, s3cmd config); Get() is called when signing.
  std::unique_ptr<auth::CredentialProvider> credentials;
  std::string ca_bundle;  // empty: system default. Ignored for http endpoints.
  std::string state_dir;  // absolute
};

// kUsage/kConfig with a message that says what to fix.
Result<Settings> ResolveSettings(const GlobalFlags& flags, const Environment& environment);

}  // namespace s3mirror::config
