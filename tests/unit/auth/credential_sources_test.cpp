#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "auth/env_credentials.h"
#include "auth/file_permissions.h"
#include "auth/profile_credentials.h"
#include "auth/s3cmd_credentials.h"
#include "support/temp_dir.h"
#include "unit/auth/lookup_outcome.h"

using namespace s3mirror;
using namespace s3mirror::auth;
using s3mirror::auth::testing::IsNotSetUp;
using s3mirror::auth::testing::LookupError;
using s3mirror::testing::TempDir;

namespace {

ProfileFiles FilesIn(const TempDir& dir, std::string profile = "default", bool requested = false) {
  return ProfileFiles{.credentials_file = dir.Join("credentials"),
                      .config_file = dir.Join("config"),
                      .profile = std::move(profile),
                      .profile_requested = requested};
}

}  // namespace

TEST_CASE("EnvCredentials is not set up when neither key variable is set") {
  EnvCredentials source(EnvironmentKeys{});
  CHECK(IsNotSetUp(source));
  const Result<Credentials> got = source.Get();
  REQUIRE_FALSE(got);
  CHECK(got.error().message == "no credentials in environment");
}

TEST_CASE("EnvCredentials returns both keys and the session token and names the environment") {
  EnvCredentials source(
      {.access_key_id = "AKID", .secret_access_key = "SECRET", .session_token = "TOKEN"});
  const Result<Credentials> got = source.Get();
  REQUIRE(got);
  CHECK(got->access_key_id == "AKID");
  CHECK(got->secret_access_key == "SECRET");
  CHECK(got->session_token == "TOKEN");
  CHECK(got->source == "environment");
  CHECK(got->file.empty());
}

TEST_CASE("EnvCredentials with only one of the key variables is a configuration error") {
  EnvCredentials id_only({.access_key_id = "AKID", .secret_access_key = "", .session_token = ""});
  const Error error = LookupError(id_only);
  CHECK(error.kind == ErrorKind::kConfig);
  CHECK(error.message ==
        "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both or neither");
  EnvCredentials secret_only({.access_key_id = "", .secret_access_key = "S", .session_token = ""});
  CHECK_FALSE(secret_only.Lookup());
}

TEST_CASE("ProfileCredentials reads the default profile from the credentials file") {
  TempDir dir;
  dir.WriteFile("credentials",
                "[default]\naws_access_key_id = AKID\naws_secret_access_key = SECRET\n"
                "aws_session_token = TOKEN\n");
  ProfileCredentials source(FilesIn(dir));
  const Result<Credentials> got = source.Get();
  REQUIRE(got);
  CHECK(got->access_key_id == "AKID");
  CHECK(got->secret_access_key == "SECRET");
  CHECK(got->session_token == "TOKEN");
  CHECK(got->source == "profile default in " + dir.Join("credentials"));
  CHECK(got->file == dir.Join("credentials"));
}

TEST_CASE("ProfileCredentials reads a named profile from the config file's profile section") {
  TempDir dir;
  dir.WriteFile("config",
                "[default]\nregion = us-east-1\n[profile prod]\naws_access_key_id = P\n"
                "aws_secret_access_key = PS\n");
  ProfileCredentials source(FilesIn(dir, "prod", true));
  const Result<Credentials> got = source.Get();
  REQUIRE(got);
  CHECK(got->access_key_id == "P");
  CHECK(got->source == "profile prod in " + dir.Join("config"));
}

TEST_CASE("ProfileCredentials prefers the credentials file over the config file") {
  TempDir dir;
  dir.WriteFile("credentials", "[prod]\naws_access_key_id = C\naws_secret_access_key = CS\n");
  dir.WriteFile("config", "[profile prod]\naws_access_key_id = K\naws_secret_access_key = KS\n");
  ProfileCredentials source(FilesIn(dir, "prod", true));
  const Result<Credentials> got = source.Get();
  REQUIRE(got);
  CHECK(got->access_key_id == "C");
  CHECK(got->secret_access_key == "CS");
}

TEST_CASE("ProfileCredentials is not set up without files or with a region-only default") {
  TempDir dir;
  ProfileCredentials no_files(FilesIn(dir));
  CHECK(IsNotSetUp(no_files));
  dir.WriteFile("config", "[default]\nregion = eu-west-1\n");
  ProfileCredentials region_only(FilesIn(dir));
  CHECK(IsNotSetUp(region_only));
}

TEST_CASE("ProfileCredentials reports a requested profile that does not exist naming the files") {
  TempDir dir;
  dir.WriteFile("credentials", "[default]\naws_access_key_id = A\naws_secret_access_key = S\n");
  ProfileCredentials source(FilesIn(dir, "staging", true));
  const Error error = LookupError(source);
  CHECK(error.kind == ErrorKind::kConfig);
  CHECK(error.message == "profile staging not found in " + dir.Join("credentials") + " or " +
                             dir.Join("config") + ": check --profile / AWS_PROFILE");
}

TEST_CASE("ProfileCredentials reports a requested profile without keys") {
  TempDir dir;
  dir.WriteFile("config", "[profile sso]\nsso_start_url = https://x\n");
  ProfileCredentials source(FilesIn(dir, "sso", true));
  const Error error = LookupError(source);
  CHECK(error.message.find("has no aws_access_key_id and aws_secret_access_key") !=
        std::string::npos);
}

TEST_CASE("ProfileCredentials reports half a key pair even for the default profile") {
  TempDir dir;
  dir.WriteFile("credentials", "[default]\naws_access_key_id = A\n");
  ProfileCredentials source(FilesIn(dir));
  const Error error = LookupError(source);
  CHECK(error.kind == ErrorKind::kConfig);
  CHECK(error.message.find("has aws_access_key_id but no aws_secret_access_key") !=
        std::string::npos);
}

TEST_CASE("ProfileCredentials reports a credentials file that does not parse with its line") {
  TempDir dir;
  dir.WriteFile("credentials", "[default]\naws_access_key_id AKID\n");
  ProfileCredentials source(FilesIn(dir));
  const Error error = LookupError(source);
  CHECK(error.message.find(dir.Join("credentials") + ":2:") == 0);
}

TEST_CASE("ProfileCredentials reports a credentials file it may not read") {
  if (::geteuid() == 0) return;  // root reads anything; nothing to show
  TempDir dir;
  dir.WriteFile("credentials", "[default]\n");
  ::chmod(dir.Join("credentials").c_str(), 0);
  ProfileCredentials source(FilesIn(dir));
  const Error error = LookupError(source);
  CHECK(error.kind == ErrorKind::kLocalIo);
}

TEST_CASE("S3cmdCredentials reads access_key and secret_key and access_token") {
  TempDir dir;
  dir.WriteFile(".s3cfg",
                "[default]\naccess_key = S3AK\nsecret_key = S3SK\naccess_token = S3T\n"
                "host_base = minio:9000\n");
  S3cmdCredentials source({.path = dir.Join(".s3cfg"), .required = false});
  const Result<Credentials> got = source.Get();
  REQUIRE(got);
  CHECK(got->access_key_id == "S3AK");
  CHECK(got->secret_access_key == "S3SK");
  CHECK(got->session_token == "S3T");
  CHECK(got->source == "s3cmd config " + dir.Join(".s3cfg"));
}

TEST_CASE("S3cmdCredentials is not set up without the file or with empty keys") {
  TempDir dir;
  S3cmdCredentials missing({.path = dir.Join(".s3cfg"), .required = false});
  CHECK(IsNotSetUp(missing));
  dir.WriteFile(".s3cfg", "[default]\naccess_key =\nsecret_key =\n");
  S3cmdCredentials empty({.path = dir.Join(".s3cfg"), .required = false});
  CHECK(IsNotSetUp(empty));
}

TEST_CASE("S3cmdCredentials reports a --config file that does not exist and half a key pair") {
  TempDir dir;
  S3cmdCredentials required({.path = dir.Join("s3.cfg"), .required = true});
  const Error required_error = LookupError(required);
  CHECK(required_error.message ==
        "s3cmd config " + dir.Join("s3.cfg") + " does not exist (--config)");
  dir.WriteFile("s3.cfg", "[default]\nsecret_key = S\n");
  S3cmdCredentials half({.path = dir.Join("s3.cfg"), .required = false});
  const Error half_error = LookupError(half);
  CHECK(half_error.message.find("has secret_key but no access_key") != std::string::npos);
}

TEST_CASE("LoosePermissionsWarning warns about group- or world-readable files only") {
  CHECK_FALSE(LoosePermissionsWarning("/h/.aws/credentials", 0600));
  CHECK_FALSE(LoosePermissionsWarning("/h/.aws/credentials", 0700));
  CHECK(LoosePermissionsWarning("/h/.aws/credentials", 0644).value() ==
        "/h/.aws/credentials is readable by group and others (mode 0644); run chmod 600 "
        "/h/.aws/credentials");
  CHECK(LoosePermissionsWarning("/h/.s3cfg", 0640).value().find("readable by its group") !=
        std::string::npos);
  CHECK(LoosePermissionsWarning("/h/.s3cfg", 0604).value().find("readable by others") !=
        std::string::npos);
}

TEST_CASE("CredentialsFileWarning looks at the file's mode") {
  TempDir dir;
  dir.WriteFile("credentials", "x");
  ::chmod(dir.Join("credentials").c_str(), 0644);
  CHECK(CredentialsFileWarning(dir.Join("credentials")).has_value());
  ::chmod(dir.Join("credentials").c_str(), 0600);
  CHECK_FALSE(CredentialsFileWarning(dir.Join("credentials")).has_value());
  CHECK_FALSE(CredentialsFileWarning(dir.Join("missing")).has_value());
}
