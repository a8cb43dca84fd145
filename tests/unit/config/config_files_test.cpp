#include <catch2/catch.hpp>

#include "config/aws_files.h"
#include "config/s3cmd_config.h"
#include "support/temp_dir.h"

using namespace s3mirror;
using namespace s3mirror::config;
using s3mirror::testing::TempDir;

namespace {

IniFile Parse(std::string_view text) {
  Result<IniFile> ini = ParseIni(text, "test");
  REQUIRE(ini);
  return std::move(*ini);
}

}  // namespace

TEST_CASE("ProfileSettingsFromIni reads the default profile from [default]") {
  const ProfileSettings settings = ProfileSettingsFromIni(
      Parse("[default]\nregion = eu-north-1\nca_bundle = /ca.pem\n"), "default");
  CHECK(settings.region == "eu-north-1");
  CHECK(settings.ca_bundle == "/ca.pem");
  CHECK(settings.endpoint_url.empty());
}

TEST_CASE("ProfileSettingsFromIni reads a named profile from [profile NAME] only") {
  const IniFile ini = Parse("[prod]\nregion = wrong\n[profile prod]\nregion = ap-south-1\n");
  CHECK(ProfileSettingsFromIni(ini, "prod").region == "ap-south-1");
  CHECK(ProfileSettingsFromIni(ini, "other").region.empty());
}

TEST_CASE("ProfileSettingsFromIni prefers the nested s3 endpoint_url") {
  CHECK(ProfileSettingsFromIni(Parse("[default]\nendpoint_url = http://a:1\n"), "default")
            .endpoint_url == "http://a:1");
  CHECK(ProfileSettingsFromIni(
            Parse("[default]\nendpoint_url = http://a:1\ns3 =\n  endpoint_url = http://b:2\n"),
            "default")
            .endpoint_url == "http://b:2");
}

TEST_CASE("ReadProfileSettings treats a missing config file as empty and reports a broken one") {
  TempDir dir;
  const Result<ProfileSettings> missing = ReadProfileSettings(dir.Join("config"), "default");
  REQUIRE(missing);
  CHECK(missing->region.empty());
  dir.WriteFile("config", "[default\n");
  const Result<ProfileSettings> broken = ReadProfileSettings(dir.Join("config"), "default");
  REQUIRE_FALSE(broken);
  CHECK(broken.error().message.find(dir.Join("config") + ":1:") == 0);
}

TEST_CASE("S3cmdSettingsFromIni turns host_base and use_https into an endpoint") {
  const S3cmdSettings settings = S3cmdSettingsFromIni(
      Parse("[default]\nhost_base = minio.local:9000\nhost_bucket = minio.local:9000\n"
            "use_https = False\nbucket_location = US\nca_certs_file = /etc/ca.pem\n"));
  CHECK(settings.endpoint_url == "http://minio.local:9000");
  CHECK(settings.addressing == s3::Addressing::kPath);
  CHECK(settings.region == "us-east-1");
  CHECK(settings.ca_certs_file == "/etc/ca.pem");
}

TEST_CASE("S3cmdSettingsFromIni defaults to https and reads virtual hosting from host_bucket") {
  const S3cmdSettings settings = S3cmdSettingsFromIni(
      Parse("[default]\nhost_base = objects.example\nhost_bucket = %(bucket)s.objects.example\n"
            "bucket_location = EU\n"));
  CHECK(settings.endpoint_url == "https://objects.example");
  CHECK(settings.addressing == s3::Addressing::kVirtual);
  CHECK(settings.region == "eu-west-1");
}

TEST_CASE("S3cmdSettingsFromIni leaves the endpoint to AWS for an amazonaws host_base") {
  const S3cmdSettings settings = S3cmdSettingsFromIni(
      Parse("[default]\nhost_base = s3.amazonaws.com\nhost_bucket = %(bucket)s.s3.amazonaws.com\n"
            "bucket_location = ap-northeast-1\n"));
  CHECK(settings.endpoint_url.empty());
  CHECK_FALSE(settings.addressing.has_value());
  CHECK(settings.region == "ap-northeast-1");
}

TEST_CASE("ReadS3cmdSettings tells a missing file from a present one") {
  TempDir dir;
  const auto missing = ReadS3cmdSettings(dir.Join(".s3cfg"));
  REQUIRE(missing);
  CHECK_FALSE(missing->has_value());
  dir.WriteFile(".s3cfg", "[default]\nhost_base = h:1\n");
  const auto present = ReadS3cmdSettings(dir.Join(".s3cfg"));
  REQUIRE(present);
  REQUIRE(present->has_value());
  CHECK((*present)->endpoint_url == "https://h:1");
}
