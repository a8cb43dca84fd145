// Header precedence (rules over flags over the extension table) and the header fingerprint.
#include "sync/headers/object_headers.h"

#include <catch2/catch.hpp>

#include "support/temp_dir.h"
#include "sync/headers/header_stage.h"

namespace s3mirror::sync {
namespace {

HeaderRules Rules(std::string_view text) {
  Result<HeaderRules> rules = HeaderRules::Parse(text, "rules");
  REQUIRE(rules);
  return std::move(rules).value();
}

}  // namespace

TEST_CASE("HeaderPolicy lets a matching rule win over the flags and the extension table") {
  const ContentTypes types(ContentTypeOptions{.mime_types_file = ""});
  const HeaderRules rules = Rules(
      "feeds/*.xml: Content-Type: application/rss+xml\n"
      "**/*.css: Cache-Control: max-age=86400\n");
  const HeaderPolicy policy(
      s3::ObjectSettings{
          .content_type = "ignored", .cache_control = "max-age=300", .acl = "public-read"},
      &types, &rules);
  const s3::ObjectSettings feed = policy.For("feeds/news.xml");
  CHECK(feed.content_type == "application/rss+xml");
  CHECK(feed.cache_control == "max-age=300");  // --cache-control where no rule sets it
  CHECK(feed.acl == "public-read");
  const s3::ObjectSettings css = policy.For("a/site.css");
  CHECK(css.content_type == "text/css; charset=utf-8");  // the built-in table
  CHECK(css.cache_control == "max-age=86400");

  const ContentTypes forced(ContentTypeOptions{.forced = "text/plain", .mime_types_file = ""});
  const HeaderPolicy forced_policy(s3::ObjectSettings{}, &forced, &rules);
  CHECK(forced_policy.For("feeds/news.xml").content_type == "application/rss+xml");
  CHECK(forced_policy.For("index.html").content_type == "text/plain");
}

TEST_CASE("HeaderFingerprint changes with any fingerprinted header and ignores ACL and order") {
  const s3::ObjectSettings base{.content_type = "text/html", .cache_control = "max-age=60"};
  const std::uint64_t print = HeaderFingerprint(base);
  CHECK(print != 0);
  s3::ObjectSettings other = base;
  other.acl = "public-read";
  other.storage_class = "STANDARD_IA";
  CHECK(HeaderFingerprint(other) == print);
  other.content_disposition = "attachment";
  CHECK(HeaderFingerprint(other) != print);
  s3::ObjectSettings meta_ab = base, meta_ba = base;
  meta_ab.metadata = {{"a", "1"}, {"b", "2"}};
  meta_ba.metadata = {{"b", "2"}, {"a", "1"}};
  CHECK(HeaderFingerprint(meta_ab) == HeaderFingerprint(meta_ba));
  CHECK(HeaderFingerprint(meta_ab) != print);
}

TEST_CASE("StoredHeaders reads back what a PUT sent, whatever the header case") {
  http::Response response{.status = 200,
                          .headers = {{"content-type", "text/html"},
                                      {"Cache-Control", "max-age=60"},
                                      {"ETag", "\"abc\""},
                                      {"X-Amz-Meta-Site", "main"},
                                      {"Content-Length", "5"}},
                          .body = ""};
  const s3::ObjectSettings stored = StoredHeaders(response);
  CHECK(stored.content_type == "text/html");
  CHECK(stored.cache_control == "max-age=60");
  CHECK(HeaderFingerprint(stored) ==
        HeaderFingerprint(s3::ObjectSettings{.content_type = "text/html",
                                             .cache_control = "max-age=60",
                                             .metadata = {{"site", "main"}}}));
}

TEST_CASE("HeaderSettingsFingerprint changes with the rules and header flags, not comments") {
  testing::TempDir dir;
  dir.WriteFile("mime.types", "text/x-a  aaa\n");
  SyncOptions options;
  options.mime_types_file = dir.Join("mime.types");
  const HeaderRules rules = Rules("*.css: Cache-Control: max-age=60\n");
  const std::uint64_t print = HeaderSettingsFingerprint(options, rules);
  CHECK(HeaderSettingsFingerprint(options, Rules("# note\n*.css: Cache-Control: max-age=60\n")) ==
        print);
  CHECK(HeaderSettingsFingerprint(options, Rules("*.css: Cache-Control: max-age=61\n")) != print);
  SyncOptions flags = options;
  flags.object_settings.cache_control = "no-cache";
  CHECK(HeaderSettingsFingerprint(flags, rules) != print);
  flags = options;
  flags.default_content_type = "text/plain";
  CHECK(HeaderSettingsFingerprint(flags, rules) != print);
  flags = options;
  flags.object_settings.acl = "public-read";  // not a header the fingerprint covers
  CHECK(HeaderSettingsFingerprint(flags, rules) == print);
  dir.WriteFile("mime.types", "text/x-b  aaa\n");
  CHECK(HeaderSettingsFingerprint(options, rules) != print);
}

}  // namespace s3mirror::sync
