#include "util/ini.h"

#include <catch2/catch.hpp>

using namespace s3mirror;

namespace {

std::string ValueOf(const IniFile& ini, std::string_view section, std::string_view key) {
  const IniSection* found = ini.FindSection(section);
  if (found == nullptr) return "<no section>";
  const std::string* value = found->Find(key);
  return value == nullptr ? "<no key>" : *value;
}

}  // namespace

TEST_CASE("ParseIni reads sections with trimmed lower-cased keys and trimmed values") {
  const Result<IniFile> ini = ParseIni(
      "[default]\n"
      "  AWS_Access_Key_ID =  AKIDEXAMPLE  \n"
      "aws_secret_access_key=wJalr/K7MDENG+bPxRfiCY==\n"
      "\n"
      "[profile prod]\n"
      "region = eu-west-1\n",
      "config");
  REQUIRE(ini);
  REQUIRE(ini->sections.size() == 2);
  CHECK(ini->sections[0].name == "default");
  CHECK(ValueOf(*ini, "default", "aws_access_key_id") == "AKIDEXAMPLE");
  CHECK(ValueOf(*ini, "default", "aws_secret_access_key") == "wJalr/K7MDENG+bPxRfiCY==");
  CHECK(ValueOf(*ini, "profile prod", "region") == "eu-west-1");
  CHECK(ValueOf(*ini, "profile prod", "missing") == "<no key>");
}

TEST_CASE("ParseIni skips hash and semicolon comments but keeps them inside values") {
  const Result<IniFile> ini = ParseIni(
      "# comment\n; another\n[default]\n  # indented comment\nsecret_key = ab#cd;ef\n", "s3cfg");
  REQUIRE(ini);
  CHECK(ValueOf(*ini, "default", "secret_key") == "ab#cd;ef");
  CHECK(ini->sections[0].entries.size() == 1);
}

TEST_CASE("ParseIni keeps entries in file order and the last of repeated keys") {
  const Result<IniFile> ini = ParseIni("[s]\nb = 1\na = 2\nb = 3\n", "f");
  REQUIRE(ini);
  const auto& entries = ini->sections[0].entries;
  REQUIRE(entries.size() == 2);
  CHECK(entries[0] == std::pair<std::string, std::string>("b", "3"));
  CHECK(entries[1] == std::pair<std::string, std::string>("a", "2"));
}

TEST_CASE("ParseIni merges a section that appears twice") {
  const Result<IniFile> ini = ParseIni("[a]\nx = 1\n[b]\ny = 2\n[ a ]\nz = 3\n", "f");
  REQUIRE(ini);
  REQUIRE(ini->sections.size() == 2);
  CHECK(ValueOf(*ini, "a", "x") == "1");
  CHECK(ValueOf(*ini, "a", "z") == "3");
}

TEST_CASE("ParseIni accepts CRLF line ends and a BOM and colons and empty values") {
  const Result<IniFile> ini =
      ParseIni("\xEF\xBB\xBF[default]\r\nhost_base: minio.local:9000\r\naccess_token =\r\n", "f");
  REQUIRE(ini);
  CHECK(ValueOf(*ini, "default", "host_base") == "minio.local:9000");
  CHECK(ValueOf(*ini, "default", "access_token").empty());
}

TEST_CASE("ParseIni puts keys before any section in the unnamed section") {
  const Result<IniFile> ini = ParseIni("region = us-east-1\n[x]\n", "f");
  REQUIRE(ini);
  CHECK(ValueOf(*ini, "", "region") == "us-east-1");
}

TEST_CASE("ParseIni nests indented keys under a key with an empty value") {
  const Result<IniFile> ini = ParseIni(
      "[profile minio]\ns3 =\n    addressing_style = path\n    endpoint_url = http://h:9\n"
      "region = x\n  other = y\n",
      "config");
  REQUIRE(ini);
  CHECK(ValueOf(*ini, "profile minio", "s3.addressing_style") == "path");
  CHECK(ValueOf(*ini, "profile minio", "s3.endpoint_url") == "http://h:9");
  CHECK(ValueOf(*ini, "profile minio", "region") == "x");
  CHECK(ValueOf(*ini, "profile minio", "other") == "y");
}

TEST_CASE("ParseIni reports the file and line of a line it cannot read") {
  const Result<IniFile> ini = ParseIni("[default]\nkey = v\nnot a key value line\n", "/h/.s3cfg");
  REQUIRE_FALSE(ini);
  CHECK(ini.error().kind == ErrorKind::kConfig);
  CHECK(ini.error().message == "/h/.s3cfg:3: expected \"key = value\" or \"[section]\"");
}

TEST_CASE("ParseIni reports an unclosed section header") {
  const Result<IniFile> ini = ParseIni("\n[default\n", "cfg");
  REQUIRE_FALSE(ini);
  CHECK(ini.error().message == "cfg:2: missing ']' after section name");
}

TEST_CASE("ParseIni rejects a line that starts with the separator") {
  CHECK_FALSE(ParseIni("[a]\n= value\n", "f"));
}

TEST_CASE("ParseIni reads an empty file as no sections") {
  const Result<IniFile> ini = ParseIni("", "f");
  REQUIRE(ini);
  CHECK(ini->sections.empty());
}

TEST_CASE("ParseIni merges sections and keys repeated far apart in a large file") {
  std::string text;
  for (int i = 0; i < 5000; ++i)
    text += "[s" + std::to_string(i) + "]\nk = " + std::to_string(i) + "\n";
  text += "[s7]\nk = again\nother = 1\n[s4999]\nk2 = x\n";
  auto ini = ParseIni(text, "big");
  REQUIRE(ini);
  CHECK(ini->sections.size() == 5000);
  CHECK(ValueOf(*ini, "s7", "k") == "again");
  CHECK(ValueOf(*ini, "s7", "other") == "1");
  CHECK(ini->FindSection("s7")->entries.size() == 2);
  CHECK(ValueOf(*ini, "s4999", "k") == "4999");
  CHECK(ValueOf(*ini, "s4999", "k2") == "x");
}
