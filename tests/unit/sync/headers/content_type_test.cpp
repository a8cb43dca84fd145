#include <catch2/catch.hpp>

#include "support/temp_dir.h"
#include "sync/headers/content_type.h"

namespace s3mirror::sync {

TEST_CASE("ContentTypes uses the built-in table case-insensitively") {
  const ContentTypes types(ContentTypeOptions{.mime_types_file = ""});
  CHECK(types.For("index.html") == "text/html; charset=utf-8");
  CHECK(types.For("a/B.HTM") == "text/html; charset=utf-8");
  CHECK(types.For("s/site.css") == "text/css; charset=utf-8");
  CHECK(types.For("app.js") == "text/javascript; charset=utf-8");
  CHECK(types.For("data.csv") == "text/csv; charset=utf-8");
  CHECK(types.For("feed.atom") == "application/atom+xml");
  CHECK(types.For("cal.ics") == "text/calendar");
  CHECK(types.For("favicon.ico") == "image/vnd.microsoft.icon");
  CHECK(types.For("logo.svg") == "image/svg+xml");
  CHECK(types.For("report.PDF") == "application/pdf");
  CHECK(types.For("x.xlsx") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  CHECK(types.For("archive.zip") == "application/zip");
  CHECK(types.For("font.woff2") == "font/woff2");
  CHECK(types.For("clip.mp4") == "video/mp4");
  CHECK(types.For("notes.txt") == "text/plain; charset=utf-8");
}

TEST_CASE("ContentTypes falls back to mime.types, then the default, then octet-stream") {
  testing::TempDir dir;
  dir.WriteFile("mime.types",
                "# comment\napplication/x-custom  cst  CST2\ntext/html  custom-html\n"
                "application/other cst\n");
  const ContentTypes types(ContentTypeOptions{.mime_types_file = dir.Join("mime.types")});
  CHECK(types.For("a.cst") == "application/x-custom");  // the first mention wins
  CHECK(types.For("a.cst2") == "application/x-custom");
  CHECK(types.For("a.unknown") == "application/octet-stream");
  CHECK(types.For("a.html") == "text/html; charset=utf-8");  // the built-in table comes first

  const ContentTypes with_default(
      ContentTypeOptions{.fallback = "text/plain", .mime_types_file = dir.Join("mime.types")});
  CHECK(with_default.For("README") == "text/plain");
  CHECK(with_default.For("a.cst") == "application/x-custom");
}

TEST_CASE("ContentTypes forces --content-type for every file") {
  const ContentTypes types(ContentTypeOptions{.forced = "text/x-forced"});
  CHECK(types.For("a.html") == "text/x-forced");
  CHECK(types.For("b") == "text/x-forced");
}

TEST_CASE("ExtensionOf takes the last segment's extension, not a leading dot") {
  CHECK(ExtensionOf("a/b.tar.GZ") == "gz");
  CHECK(ExtensionOf(".htaccess").empty());
  CHECK(ExtensionOf("dir.d/file").empty());
  CHECK(ExtensionOf("file.").empty());
  CHECK(BuiltInContentType("nope").empty());
}

}  // namespace s3mirror::sync
