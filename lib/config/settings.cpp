#include "config/settings.h"

#include <filesystem>
#include <initializer_list>
#include <system_error>
#include <vector>

#include "auth/container_credentials.h"
#include "auth/credential_chain.h"
#include "auth/env_credentials.h"
#include "auth/imds_credentials.h"
#include "auth/profile_credentials.h"
#include "auth/refreshing_credentials.h"
#include "auth/s3cmd_credentials.h"
#include "auth/web_identity_credentials.h"
#include "config/aws_files.h"
#include "config/s3cmd_config.h"
#include "http/curl_transport.h"
#include "util/clock.h"

namespace s3mirror::config {
namespace {

// Where the configuration files are and which profile is meant.
struct ConfigFiles {
  std::string home;
  std::string profile;
  bool profile_from_flag = false;
  bool profile_requested = false;
  std::string credentials_file;
  std::string config_file;
  std::string s3cmd_file;
  bool s3cmd_required = false;
};

std::string Env(const Environment& environment, const char* name) {
  return environment.Get(name).value_or("");
}

// The first non-empty candidate: the precedence rules of CLI.md written as lists.
std::string FirstSet(std::initializer_list<std::string> candidates) {
  for (const std::string& candidate : candidates) {
    if (!candidate.empty()) return candidate;
  }
  return "";
}

std::string UnderHome(const std::string& home, const std::string& relative) {
  return home.empty() ? "" : home + "/" + relative;
}

// "~/x" in a file setting means $HOME/x, as the shell would have expanded it.
std::string ExpandHome(const std::string& path, const std::string& home) {
  if (path.starts_with("~/") && !home.empty()) return home + path.substr(1);
  return path;
}

ConfigFiles LocateFiles(const GlobalFlags& flags, const Environment& environment) {
  ConfigFiles files;
  files.home = Env(environment, "HOME");
  files.profile = FirstSet({flags.profile, Env(environment, "AWS_PROFILE")});
  files.profile_from_flag = !flags.profile.empty();
  files.profile_requested = !files.profile.empty();
  if (files.profile.empty()) files.profile = "default";
  files.credentials_file = ExpandHome(FirstSet({Env(environment, "AWS_SHARED_CREDENTIALS_FILE"),
                                                UnderHome(files.home, ".aws/credentials")}),
                                      files.home);
  files.config_file = ExpandHome(
      FirstSet({Env(environment, "AWS_CONFIG_FILE"), UnderHome(files.home, ".aws/config")}),
      files.home);
  files.s3cmd_required = !flags.config_file.empty();
  files.s3cmd_file =
      ExpandHome(FirstSet({flags.config_file, UnderHome(files.home, ".s3cfg")}), files.home);
  return files;
}

Result<s3::Addressing> ParseAddressing(const std::string& text) {
  if (text.empty() || text == "auto") return s3::Addressing::kAuto;
  if (text == "path") return s3::Addressing::kPath;
  if (text == "virtual") return s3::Addressing::kVirtual;
  return Fail(ErrorKind::kUsage,
              "--addressing \"" + text + "\" is not one of path, virtual or auto");
}

Result<std::string> ResolveStateDir(const GlobalFlags& flags, const Environment& environment,
                                    const std::string& home) {
  const std::string xdg = Env(environment, "XDG_STATE_HOME");
  std::string dir =
      FirstSet({flags.state_dir, Env(environment, "S3MIRROR_STATE_DIR"),
                xdg.empty() ? "" : xdg + "/s3mirror", UnderHome(home, ".local/state/s3mirror")});
  if (dir.empty()) {
    return Fail(ErrorKind::kConfig, "no state dir: set --state-dir, S3MIRROR_STATE_DIR or HOME");
  }
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(ExpandHome(dir, home), error);
  if (error) {
    return Fail(ErrorKind::kConfig,
                "state dir " + dir + " cannot be made absolute: " + error.message());
  }
  return absolute.lexically_normal().string();
}

// A private transport for a credential service: one connection, short timeouts.
auth::TransportFactory CredentialTransport(std::string ca_bundle,
                                           std::chrono::milliseconds connect_timeout) {
  return [ca_bundle = std::move(ca_bundle), connect_timeout] {
    return std::make_unique<http::CurlTransport>(
        http::CurlTransportOptions{.ca_bundle = ca_bundle,
                                   .connect_timeout = connect_timeout,
                                   .low_speed_limit = 1,
                                   .low_speed_time = std::chrono::seconds(5),
                                   .max_connections = 1,
                                   .verbose = false});
  };
}

// Cloud identity (CLI.md item 4): web identity, container endpoint, EC2 instance metadata, each
// kept until shortly before its credentials expire.
void AddCloudSources(std::vector<std::unique_ptr<auth::CredentialSource>>& sources,
                     const Environment& environment, const std::string& ca_bundle,
                     const Clock& clock) {
  auto refreshing = [&](std::unique_ptr<auth::CredentialSource> inner) {
    sources.push_back(std::make_unique<auth::RefreshingCredentials>(std::move(inner), clock));
  };
  refreshing(std::make_unique<auth::WebIdentityCredentials>(
      auth::WebIdentityOptions{
          .token_file = Env(environment, "AWS_WEB_IDENTITY_TOKEN_FILE"),
          .role_arn = Env(environment, "AWS_ROLE_ARN"),
          .session_name = Env(environment, "AWS_ROLE_SESSION_NAME"),
          .sts_endpoint = FirstSet({Env(environment, "AWS_ENDPOINT_URL_STS"), auth::kStsEndpoint})},
      CredentialTransport(ca_bundle, std::chrono::seconds(5))));
  refreshing(std::make_unique<auth::ContainerCredentials>(
      auth::ContainerEndpoint{
          .full_uri = Env(environment, "AWS_CONTAINER_CREDENTIALS_FULL_URI"),
          .relative_uri = Env(environment, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
          .authorization_token = Env(environment, "AWS_CONTAINER_AUTHORIZATION_TOKEN"),
          .authorization_token_file = Env(environment, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")},
      CredentialTransport("", std::chrono::seconds(2))));
  const std::string imds_disabled = Env(environment, "AWS_EC2_METADATA_DISABLED");
  refreshing(std::make_unique<auth::ImdsCredentials>(
      auth::ImdsOptions{
          .endpoint = FirstSet(
              {Env(environment, "AWS_EC2_METADATA_SERVICE_ENDPOINT"), auth::kImdsEndpoint}),
          .disabled = imds_disabled == "true" || imds_disabled == "TRUE" || imds_disabled == "1"},
      CredentialTransport("", std::chrono::seconds(1))));
}

// Environment, then profile, then s3cmd config, then cloud identity. A --profile on the command
// line beats credentials in the environment (command-line options come first), so then the
// environment source is left out.
std::unique_ptr<auth::CredentialProvider> MakeCredentialChain(const ConfigFiles& files,
                                                              const Environment& environment,
                                                              const std::string& ca_bundle) {
  static const SystemClock kClock;
  std::vector<std::unique_ptr<auth::CredentialSource>> sources;
  if (!files.profile_from_flag) {
    sources.push_back(std::make_unique<auth::EnvCredentials>(
        auth::EnvironmentKeys{.access_key_id = Env(environment, "AWS_ACCESS_KEY_ID"),
                              .secret_access_key = Env(environment, "AWS_SECRET_ACCESS_KEY"),
                              .session_token = Env(environment, "AWS_SESSION_TOKEN")}));
  }
  // Role and credential_process profiles hand out temporary credentials: kept and refreshed.
  sources.push_back(std::make_unique<auth::RefreshingCredentials>(
      std::make_unique<auth::ProfileCredentials>(
          auth::ProfileFiles{.credentials_file = files.credentials_file,
                             .config_file = files.config_file,
                             .profile = files.profile,
                             .profile_requested = files.profile_requested},
          auth::ProfileServices{
              .sts_endpoint = Env(environment, "AWS_ENDPOINT_URL_STS"),
              .make_transport = CredentialTransport(ca_bundle, std::chrono::seconds(5)),
              .process_timeout = auth::kCredentialProcessTimeout,
              .clock = &kClock}),
      kClock));
  sources.push_back(std::make_unique<auth::S3cmdCredentials>(
      auth::S3cmdConfigPath{.path = files.s3cmd_file, .required = files.s3cmd_required}));
  AddCloudSources(sources, environment, ca_bundle, kClock);
  return std::make_unique<auth::CredentialChain>(std::move(sources), kClock);
}

Result<S3cmdSettings> ReadS3cmd(const ConfigFiles& files) {
  if (files.s3cmd_file.empty()) return S3cmdSettings{};
  Result<std::optional<S3cmdSettings>> read = ReadS3cmdSettings(files.s3cmd_file);
  if (!read) return Fail(std::move(read).error());
  if (read->has_value()) return std::move(**read);
  if (files.s3cmd_required) {
    return Fail(ErrorKind::kConfig,
                "s3cmd config " + files.s3cmd_file + " does not exist (--config)");
  }
  return S3cmdSettings{};
}

}  // namespace

Result<Settings> ResolveSettings(const GlobalFlags& flags, const Environment& environment) {
  const ConfigFiles files = LocateFiles(flags, environment);
  Result<ProfileSettings> profile = ReadProfileSettings(files.config_file, files.profile);
  if (!profile) return Fail(std::move(profile).error());
  Result<S3cmdSettings> s3cmd = ReadS3cmd(files);
  if (!s3cmd) return Fail(std::move(s3cmd).error());
  Result<s3::Addressing> addressing = ParseAddressing(flags.addressing);
  if (!addressing) return Fail(std::move(addressing).error());

  const std::string region = FirstSet({flags.region, Env(environment, "AWS_REGION"),
                                       Env(environment, "AWS_DEFAULT_REGION"), profile->region,
                                       s3cmd->region, "us-east-1"});
  const std::string endpoint_url =
      FirstSet({flags.endpoint_url, Env(environment, "AWS_ENDPOINT_URL_S3"),
                Env(environment, "AWS_ENDPOINT_URL"), profile->endpoint_url, s3cmd->endpoint_url});
  // s3cmd's host_bucket only speaks for s3cmd's own host_base.
  if (flags.addressing.empty() && s3cmd->addressing && !endpoint_url.empty() &&
      endpoint_url == s3cmd->endpoint_url) {
    *addressing = *s3cmd->addressing;
  }
  Result<s3::Endpoint> endpoint = s3::ParseEndpoint(endpoint_url, region, *addressing);
  if (!endpoint) return Fail(std::move(endpoint).error());
  Result<std::string> state_dir = ResolveStateDir(flags, environment, files.home);
  if (!state_dir) return Fail(std::move(state_dir).error());

  std::string ca_bundle = ExpandHome(FirstSet({flags.ca_bundle, Env(environment, "AWS_CA_BUNDLE"),
                                               profile->ca_bundle, s3cmd->ca_certs_file}),
                                     files.home);
  return Settings{.endpoint = std::move(*endpoint),
                  .credentials = MakeCredentialChain(files, environment, ca_bundle),
                  .ca_bundle = std::move(ca_bundle),
                  .state_dir = std::move(*state_dir)};
}

}  // namespace s3mirror::config
