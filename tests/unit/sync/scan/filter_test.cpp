#include <catch2/catch.hpp>

#include "sync/scan/filter.h"

namespace s3mirror::sync {

TEST_CASE("Filter includes everything without rules") {
  const Filter filter;
  CHECK(filter.Includes("a/b.html"));
  CHECK(filter.empty());
}

TEST_CASE("Filter excludes paths matching an exclude rule") {
  const Filter filter({{.include = false, .glob = "**/*.tmp"}});
  CHECK_FALSE(filter.Includes("x.tmp"));
  CHECK_FALSE(filter.Includes("a/b/x.tmp"));
  CHECK(filter.Includes("a/b/x.html"));
}

TEST_CASE("Filter lets later rules win") {
  const Filter filter(
      {{.include = false, .glob = "private/"}, {.include = true, .glob = "private/public.html"}});
  CHECK_FALSE(filter.Includes("private/a.html"));
  CHECK_FALSE(filter.Includes("private/sub/b.html"));
  CHECK(filter.Includes("private/public.html"));
  CHECK(filter.Includes("privateer.html"));

  const Filter reversed(
      {{.include = true, .glob = "private/public.html"}, {.include = false, .glob = "private/"}});
  CHECK_FALSE(reversed.Includes("private/public.html"));
}

TEST_CASE("Filter keeps a single star within one path segment") {
  const Filter filter({{.include = false, .glob = "*.log"}});
  CHECK_FALSE(filter.Includes("error.log"));
  CHECK(filter.Includes("logs/error.log"));
}

}  // namespace s3mirror::sync
