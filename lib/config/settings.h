// Settings shared by every command, resolved from (first wins) command-line flags, the
// environment, the shared AWS files and the s3cmd config file. See CLI.md "Where settings come
// from".
//   endpoint   --endpoint-url, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, profile endpoint_url, s3cmd
//              host_base (+ use_https; host_bucket picks the addressing for that host), else AWS
//   region     --region, AWS_REGION, AWS_DEFAULT_REGION, profile region, s3cmd bucket_location
//              (US = us-east-1, EU = eu-west-1), else us-east-1
//   CA bundle  --ca-bundle, AWS_CA_BUNDLE, profile ca_bundle, s3cmd ca_certs_file
//   state dir  --state-dir, S3MIRROR_STATE_DIR, $XDG_STATE_HOME/s3mirror,
//              $HOME/.local/state/s3mirror (made absolute)
//   credentials  a chain of environment, profile (--profile, AWS_PROFILE, "default"), s3cmd config
//              (--config, else ~/.s3cfg); with --profile on the command line the environment's keys
//              are not used, since command-line options come first. Credentials are looked up on
//              the first Get(), so a broken source surfaces when the first request is signed (or
//              when the CLI asks early, e.g. for -v).
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
