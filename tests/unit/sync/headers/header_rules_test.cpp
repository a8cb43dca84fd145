// The --headers rules file: its line format, its errors (FILE:LINE) and how rules match paths.
#include "sync/headers/header_rules.h"

#include <catch2/catch.hpp>

#include "support/temp_dir.h"

namespace s3mirror::sync {
namespace {

HeaderRules MustParse(std::string_view text) {
  Result<HeaderRules> rules = HeaderRules::Parse(text, "rules.txt");
  REQUIRE(rules);
  return std::move(rules).value();
}

std::string ParseError(std::string_view text) {
  Result<HeaderRules> rules = HeaderRules::Parse(text, "site.headers");
  REQUIRE_FALSE(rules);
  CHECK(rules.error().kind == ErrorKind::kUsage);
  return rules.error().message;
}

s3::ObjectSettings Applied(const HeaderRules& rules, std::string_view path) {
  s3::ObjectSettings settings;
  rules.Apply(path, settings);
  return settings;
}

}  // namespace

TEST_CASE("HeaderRules parses rules and skips comments and blank lines") {
  const HeaderRules rules = MustParse(
      "# site headers\n"
      "\n"
      "   **/*.css: Cache-Control: max-age=86400  \r\n"
      "downloads/**: content-disposition: attachment\n"
      "  # indented comment\n"
      "*.html: X-Amz-Meta-Owner: web team\n");
  REQUIRE(rules.rules().size() == 3);
  CHECK(rules.rules()[0].name == "Cache-Control");
  CHECK(rules.rules()[0].value == "max-age=86400");
  CHECK(rules.rules()[0].line == 3);
  CHECK(rules.rules()[1].name == "Content-Disposition");
  CHECK(rules.rules()[2].name == "x-amz-meta-owner");
  CHECK(rules.rules()[2].value == "web team");
}

TEST_CASE("HeaderRules keeps colons inside the value and an escaped colon in the glob") {
  const HeaderRules rules = MustParse(
      "feeds/*.xml: Expires: Thu, 01 Dec 2033 16:00:00 GMT\n"
      "odd\\: name.txt: Content-Type: text/plain\n");
  CHECK(rules.rules()[0].value == "Thu, 01 Dec 2033 16:00:00 GMT");
  CHECK(rules.rules()[1].glob.pattern() == "odd: name.txt");
  CHECK(Applied(rules, "odd: name.txt").content_type == "text/plain");
}

TEST_CASE("HeaderRules names the file and line of a header that is not allowed") {
  CHECK(ParseError("*.css: Cache-Control: max-age=60\n\n*.js: Location: /x\n") ==
        "site.headers:3: header \"Location\" is not allowed (allowed: Content-Type, "
        "Cache-Control, Content-Encoding, Content-Disposition, Content-Language, Expires, "
        "x-amz-meta-NAME)");
  CHECK(ParseError("*.js: x-amz-acl: public-read\n").starts_with("site.headers:1: header"));
  CHECK(ParseError("*.js: x-amz-meta-: v\n").starts_with("site.headers:1: header"));
  CHECK(ParseError("*.js: x-amz-meta-a.b: v\n").starts_with("site.headers:1: header"));
}

TEST_CASE("HeaderRules refuses malformed lines with FILE:LINE and the reason") {
  CHECK(ParseError("*.css Cache-Control max-age=60\n") ==
        "site.headers:1: expected \"GLOB: Header: value\"");
  CHECK(ParseError("# ok\n*.css: Cache-Control\n") ==
        "site.headers:2: expected \"GLOB: Header: value\" (no ':' after the header)");
  CHECK(ParseError(": Cache-Control: x\n") ==
        "site.headers:1: the glob before the first ':' is empty");
  CHECK(ParseError("*.css: Cache-Control:   \n") ==
        "site.headers:1: Cache-Control has an empty value");
  CHECK(ParseError("*.css: Content-Language: fran\xC3\xA7"
                   "ais\n") == "site.headers:1: Content-Language value must be printable ASCII");
}

TEST_CASE("HeaderRules matches globs like --exclude and the last matching rule wins per header") {
  const HeaderRules rules = MustParse(
      "**/*.css: Cache-Control: max-age=86400\n"
      "*.css: Content-Language: en\n"
      "static/**: Cache-Control: max-age=31536000, immutable\n"
      "downloads/: Content-Disposition: attachment\n"
      "**: x-amz-meta-site: main\n"
      "**/*.gz: Content-Encoding: gzip\n"
      "**/*.gz: Content-Type: application/json\n");
  const s3::ObjectSettings top = Applied(rules, "site.css");
  CHECK(top.cache_control == "max-age=86400");
  CHECK(top.content_language == "en");  // "*.css" stays in the top directory
  const s3::ObjectSettings deep = Applied(rules, "static/a/site.css");
  CHECK(deep.cache_control == "max-age=31536000, immutable");  // the later rule wins
  CHECK(deep.content_language.empty());
  CHECK(Applied(rules, "downloads/2024/report.pdf").content_disposition == "attachment");
  CHECK(Applied(rules, "downloadsX/report.pdf").content_disposition.empty());
  const s3::ObjectSettings gz = Applied(rules, "data/x.json.gz");
  CHECK(gz.content_encoding == "gzip");
  CHECK(gz.content_type == "application/json");
  REQUIRE(gz.metadata.size() == 1);
  CHECK(gz.metadata[0] == std::pair<std::string, std::string>{"site", "main"});
  CHECK(Applied(rules, "index.html").cache_control.empty());
}

TEST_CASE("LoadHeaderRules reads the file and reports an unreadable one as a usage error") {
  testing::TempDir dir;
  dir.WriteFile("ok.headers", "*.html: Cache-Control: no-cache\n");
  Result<HeaderRules> rules = LoadHeaderRules(dir.Join("ok.headers"));
  REQUIRE(rules);
  CHECK(rules->rules().size() == 1);
  dir.WriteFile("bad.headers", "*.html: Cache-Control: no-cache\n*.js: Server: x\n");
  Result<HeaderRules> bad = LoadHeaderRules(dir.Join("bad.headers"));
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.starts_with(dir.Join("bad.headers") + ":2: header \"Server\""));
  Result<HeaderRules> missing = LoadHeaderRules(dir.Join("missing"));
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == ErrorKind::kUsage);
  CHECK(missing.error().message.starts_with("--headers: "));
}

}  // namespace s3mirror::sync
