#include "config/settings.h"

#include <catch2/catch.hpp>

#include "support/temp_dir.h"

using namespace s3mirror;
using namespace s3mirror::config;
using s3mirror::testing::TempDir;

namespace {

// A home directory with optional AWS and s3cmd files.
struct Home {
  TempDir dir;

  void Credentials(std::string_view text) const { dir.WriteFile(".aws/credentials", text); }
  void Config(std::string_view text) const { dir.WriteFile(".aws/config", text); }
  void S3cfg(std::string_view text) const { dir.WriteFile(".s3cfg", text); }

  std::map<std::string, std::string> Env(std::map<std::string, std::string> more = {}) const {
    more.emplace("HOME", dir.path());
    return more;
  }
};

Settings Resolve(const GlobalFlags& flags, std::map<std::string, std::string> env) {
  Result<Settings> settings = ResolveSettings(flags, MapEnvironment(std::move(env)));
  INFO((settings ? "" : settings.error().message));
  REQUIRE(settings);
  return std::move(*settings);
}

std::string KeyIdFrom(Settings& settings) {
  Result<auth::Credentials> credentials = settings.credentials->Get();
  INFO((credentials ? "" : credentials.error().message));
  REQUIRE(credentials);
  return credentials->access_key_id;
}

constexpr const char* kProfileKeys =
    "[default]\naws_access_key_id = PROFILE\naws_secret_access_key = P\n";
constexpr const char* kS3cmdKeys = "[default]\naccess_key = S3CMD\nsecret_key = S\n";

}  // namespace

TEST_CASE("ResolveSettings defaults to AWS us-east-1 and a state dir under HOME") {
  Home home;
  Settings settings = Resolve({}, home.Env());
  CHECK(settings.endpoint.region == "us-east-1");
  CHECK(settings.endpoint.host == "s3.us-east-1.amazonaws.com");
  CHECK(settings.endpoint.is_aws);
  CHECK(settings.ca_bundle.empty());
  CHECK(settings.state_dir == home.dir.path() + "/.local/state/s3mirror");
}

TEST_CASE("ResolveSettings credentials: environment beats profile beats s3cmd config") {
  Home home;
  home.Credentials(kProfileKeys);
  home.S3cfg(kS3cmdKeys);
  Settings with_env =
      Resolve({}, home.Env({{"AWS_ACCESS_KEY_ID", "ENV"}, {"AWS_SECRET_ACCESS_KEY", "E"}}));
  CHECK(KeyIdFrom(with_env) == "ENV");
  Settings without_env = Resolve({}, home.Env());
  CHECK(KeyIdFrom(without_env) == "PROFILE");
  Home s3cmd_only;
  s3cmd_only.S3cfg(kS3cmdKeys);
  Settings from_s3cmd = Resolve({}, s3cmd_only.Env());
  CHECK(KeyIdFrom(from_s3cmd) == "S3CMD");
}

TEST_CASE("ResolveSettings credentials: a broken environment is reported and not skipped") {
  Home home;
  home.Credentials(kProfileKeys);
  Settings settings = Resolve({}, home.Env({{"AWS_ACCESS_KEY_ID", "ENV"}}));
  const Result<auth::Credentials> credentials = settings.credentials->Get();
  REQUIRE_FALSE(credentials);
  CHECK(credentials.error().kind == ErrorKind::kConfig);
  CHECK(credentials.error().message.find("AWS_SECRET_ACCESS_KEY is not") != std::string::npos);
}

TEST_CASE("ResolveSettings credentials: a missing AWS_PROFILE is an error naming the files") {
  Home home;
  home.Credentials(kProfileKeys);
  home.S3cfg(kS3cmdKeys);
  Settings settings = Resolve({}, home.Env({{"AWS_PROFILE", "prod"}}));
  const Result<auth::Credentials> credentials = settings.credentials->Get();
  REQUIRE_FALSE(credentials);
  CHECK(credentials.error().message == "profile prod not found in " + home.dir.path() +
                                           "/.aws/credentials or " + home.dir.path() +
                                           "/.aws/config: check --profile / AWS_PROFILE");
}

TEST_CASE("ResolveSettings credentials: --profile beats keys in the environment") {
  Home home;
  home.Credentials("[prod]\naws_access_key_id = PROD\naws_secret_access_key = P\n");
  GlobalFlags flags;
  flags.profile = "prod";
  Settings settings =
      Resolve(flags, home.Env({{"AWS_ACCESS_KEY_ID", "ENV"}, {"AWS_SECRET_ACCESS_KEY", "E"}}));
  CHECK(KeyIdFrom(settings) == "PROD");
}

TEST_CASE("ResolveSettings credentials: AWS_SHARED_CREDENTIALS_FILE and --config move the files") {
  Home home;
  home.dir.WriteFile("elsewhere/creds",
                     "[default]\naws_access_key_id = MOVED\naws_secret_access_key = M\n");
  Settings moved =
      Resolve({}, home.Env({{"AWS_SHARED_CREDENTIALS_FILE", home.dir.Join("elsewhere/creds")}}));
  CHECK(KeyIdFrom(moved) == "MOVED");
  home.dir.WriteFile("my.cfg", "[default]\naccess_key = CFG\nsecret_key = C\n");
  GlobalFlags flags;
  flags.config_file = home.dir.Join("my.cfg");
  Settings from_config = Resolve(flags, home.Env());
  CHECK(KeyIdFrom(from_config) == "CFG");
}

TEST_CASE("ResolveSettings reports a --config file that does not exist") {
  Home home;
  GlobalFlags flags;
  flags.config_file = home.dir.Join("nope.cfg");
  const Result<Settings> settings = ResolveSettings(flags, MapEnvironment(home.Env()));
  REQUIRE_FALSE(settings);
  CHECK(settings.error().kind == ErrorKind::kConfig);
  CHECK(settings.error().message.find("nope.cfg does not exist") != std::string::npos);
}

TEST_CASE(
    "ResolveSettings region: flag then AWS_REGION then AWS_DEFAULT_REGION then profile then "
    "s3cmd") {
  Home home;
  home.Config("[default]\nregion = from-profile\n");
  home.S3cfg("[default]\nbucket_location = from-s3cmd\n");
  GlobalFlags flags;
  flags.region = "from-flag";
  const auto all_env =
      home.Env({{"AWS_REGION", "from-region"}, {"AWS_DEFAULT_REGION", "from-default"}});
  CHECK(Resolve(flags, all_env).endpoint.region == "from-flag");
  CHECK(Resolve({}, all_env).endpoint.region == "from-region");
  CHECK(Resolve({}, home.Env({{"AWS_DEFAULT_REGION", "from-default"}})).endpoint.region ==
        "from-default");
  CHECK(Resolve({}, home.Env()).endpoint.region == "from-profile");
  Home s3cmd_only;
  s3cmd_only.S3cfg("[default]\nbucket_location = US\n");
  CHECK(Resolve({}, s3cmd_only.Env()).endpoint.region == "us-east-1");
  s3cmd_only.S3cfg("[default]\nbucket_location = eu-central-1\n");
  CHECK(Resolve({}, s3cmd_only.Env()).endpoint.region == "eu-central-1");
}

TEST_CASE("ResolveSettings region comes from the selected profile") {
  Home home;
  home.Config("[default]\nregion = us-west-2\n[profile prod]\nregion = eu-west-3\n");
  home.Credentials("[prod]\naws_access_key_id = A\naws_secret_access_key = S\n");
  GlobalFlags flags;
  flags.profile = "prod";
  CHECK(Resolve(flags, home.Env()).endpoint.region == "eu-west-3");
  CHECK(Resolve({}, home.Env({{"AWS_PROFILE", "prod"}})).endpoint.region == "eu-west-3");
}

TEST_CASE(
    "ResolveSettings endpoint: flag then AWS_ENDPOINT_URL_S3 then AWS_ENDPOINT_URL then s3cmd") {
  Home home;
  home.S3cfg("[default]\nhost_base = s3cmd.local:9000\nuse_https = False\n");
  GlobalFlags flags;
  flags.endpoint_url = "http://flag:1";
  const auto env =
      home.Env({{"AWS_ENDPOINT_URL_S3", "http://s3var:2"}, {"AWS_ENDPOINT_URL", "http://any:3"}});
  CHECK(Resolve(flags, env).endpoint.host == "flag:1");
  CHECK(Resolve({}, env).endpoint.host == "s3var:2");
  CHECK(Resolve({}, home.Env({{"AWS_ENDPOINT_URL", "http://any:3"}})).endpoint.host == "any:3");
  const Settings from_s3cmd = Resolve({}, home.Env());
  CHECK(from_s3cmd.endpoint.scheme == "http");
  CHECK(from_s3cmd.endpoint.host == "s3cmd.local:9000");
  CHECK_FALSE(from_s3cmd.endpoint.is_aws);
}

TEST_CASE(
    "ResolveSettings addressing: the flag wins and s3cmd host_bucket applies to its own host") {
  Home home;
  home.S3cfg("[default]\nhost_base = s3cmd.local\nhost_bucket = s3cmd.local\n");
  CHECK(Resolve({}, home.Env()).endpoint.addressing == s3::Addressing::kPath);
  GlobalFlags flags;
  flags.addressing = "virtual";
  CHECK(Resolve(flags, home.Env()).endpoint.addressing == s3::Addressing::kVirtual);
  CHECK(Resolve({}, home.Env({{"AWS_ENDPOINT_URL", "https://other"}})).endpoint.addressing ==
        s3::Addressing::kAuto);
}

TEST_CASE("ResolveSettings rejects an unknown --addressing and a bad endpoint") {
  Home home;
  GlobalFlags flags;
  flags.addressing = "sideways";
  const Result<Settings> bad_addressing = ResolveSettings(flags, MapEnvironment(home.Env()));
  REQUIRE_FALSE(bad_addressing);
  CHECK(bad_addressing.error().kind == ErrorKind::kUsage);
  CHECK(bad_addressing.error().message ==
        "--addressing \"sideways\" is not one of path, virtual or auto");
  const Result<Settings> bad_endpoint =
      ResolveSettings({}, MapEnvironment(home.Env({{"AWS_ENDPOINT_URL", "ftp://x"}})));
  REQUIRE_FALSE(bad_endpoint);
  CHECK(bad_endpoint.error().kind == ErrorKind::kUsage);
}

TEST_CASE("ResolveSettings CA bundle: flag then AWS_CA_BUNDLE then s3cmd ca_certs_file") {
  Home home;
  home.S3cfg("[default]\nca_certs_file = ~/ca/s3cmd.pem\n");
  GlobalFlags flags;
  flags.ca_bundle = "/flag.pem";
  CHECK(Resolve(flags, home.Env({{"AWS_CA_BUNDLE", "/env.pem"}})).ca_bundle == "/flag.pem");
  CHECK(Resolve({}, home.Env({{"AWS_CA_BUNDLE", "/env.pem"}})).ca_bundle == "/env.pem");
  CHECK(Resolve({}, home.Env()).ca_bundle == home.dir.path() + "/ca/s3cmd.pem");
}

TEST_CASE("ResolveSettings state dir: flag then S3MIRROR_STATE_DIR then XDG_STATE_HOME then HOME") {
  Home home;
  GlobalFlags flags;
  flags.state_dir = "/flag/state";
  const auto env = home.Env({{"S3MIRROR_STATE_DIR", "/env/state"}, {"XDG_STATE_HOME", "/xdg"}});
  CHECK(Resolve(flags, env).state_dir == "/flag/state");
  CHECK(Resolve({}, env).state_dir == "/env/state");
  CHECK(Resolve({}, home.Env({{"XDG_STATE_HOME", "/xdg"}})).state_dir == "/xdg/s3mirror");
  flags.state_dir = "relative/state";
  CHECK(Resolve(flags, env).state_dir.starts_with("/"));
  CHECK(Resolve(flags, env).state_dir.ends_with("/relative/state"));
}

TEST_CASE("ResolveSettings without HOME or a state dir says what to set") {
  const Result<Settings> settings = ResolveSettings({}, MapEnvironment({}));
  REQUIRE_FALSE(settings);
  CHECK(settings.error().kind == ErrorKind::kConfig);
  CHECK(settings.error().message == "no state dir: set --state-dir, S3MIRROR_STATE_DIR or HOME");
}

TEST_CASE("ResolveSettings reports an AWS config file that does not parse") {
  Home home;
  home.Config("[default]\nthis is not ini\n");
  const Result<Settings> settings = ResolveSettings({}, MapEnvironment(home.Env()));
  REQUIRE_FALSE(settings);
  CHECK(settings.error().message.find("/.aws/config:2:") != std::string::npos);
}
