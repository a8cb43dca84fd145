#include "util/glob.h"

#include <string>

#include <catch2/catch.hpp>

using s3mirror::Glob;
using s3mirror::GlobMatch;

TEST_CASE("GlobMatch star stays within one path segment") {
  CHECK(GlobMatch("*.tmp", "a.tmp"));
  CHECK_FALSE(GlobMatch("*.tmp", "x/a.tmp"));
  CHECK(GlobMatch("x/*.tmp", "x/a.tmp"));
  CHECK_FALSE(GlobMatch("x/*.tmp", "x/y/a.tmp"));
  CHECK(GlobMatch("x/*", "x/"));
  CHECK(GlobMatch("*", "anything"));
  CHECK_FALSE(GlobMatch("*", "a/b"));
}

TEST_CASE("GlobMatch double star crosses segments") {
  CHECK(GlobMatch("x/**", "x/y/z.html"));
  CHECK(GlobMatch("**.tmp", "x/y/a.tmp"));
  CHECK(GlobMatch("a/**/z", "a/b/c/z"));
  CHECK_FALSE(GlobMatch("x/**", "y/x/z"));
}

TEST_CASE("GlobMatch double star slash also matches zero directories") {
  CHECK(GlobMatch("**/*.tmp", "a.tmp"));
  CHECK(GlobMatch("**/*.tmp", "x/y/a.tmp"));
  CHECK_FALSE(GlobMatch("**/*.tmp", "x/y/a.tmpx"));
  CHECK(GlobMatch("a/**/z", "a/z"));
  CHECK_FALSE(GlobMatch("a/**/z", "az"));
  CHECK(GlobMatch("**/cache/**", "cache/x"));
  CHECK(GlobMatch("**/cache/**", "site/cache/x/y"));
  CHECK_FALSE(GlobMatch("**/cache/**", "site/mycache/x"));
}

TEST_CASE("GlobMatch question mark is one character other than slash") {
  CHECK(GlobMatch("a?c", "abc"));
  CHECK_FALSE(GlobMatch("a?c", "a/c"));
  CHECK_FALSE(GlobMatch("a?c", "ac"));
}

TEST_CASE("GlobMatch supports character classes with ranges and negation") {
  CHECK(GlobMatch("[abc].txt", "b.txt"));
  CHECK_FALSE(GlobMatch("[abc].txt", "d.txt"));
  CHECK(GlobMatch("log[0-9].txt", "log7.txt"));
  CHECK(GlobMatch("[!a-z]*", "Readme"));
  CHECK_FALSE(GlobMatch("[!a-z]*", "readme"));
  CHECK(GlobMatch("[^a-z]*", "_x"));
  CHECK_FALSE(GlobMatch("a[!x]b", "a/b"));
  CHECK(GlobMatch("[]]", "]"));
  CHECK(GlobMatch("[a-]", "-"));
}

TEST_CASE("GlobMatch treats an unclosed bracket as a literal") {
  CHECK(GlobMatch("a[b", "a[b"));
  CHECK_FALSE(GlobMatch("a[b", "ab"));
}

TEST_CASE("GlobMatch backslash escapes the next character") {
  CHECK(GlobMatch("a\\*b", "a*b"));
  CHECK_FALSE(GlobMatch("a\\*b", "axb"));
  CHECK(GlobMatch("\\[x]", "[x]"));
  CHECK(GlobMatch("a\\?", "a?"));
}

TEST_CASE("GlobMatch pattern ending in slash matches the directory and everything under it") {
  CHECK(GlobMatch("tmp/", "tmp"));
  CHECK(GlobMatch("tmp/", "tmp/a"));
  CHECK(GlobMatch("tmp/", "tmp/a/b.html"));
  CHECK_FALSE(GlobMatch("tmp/", "tmpx/a"));
  CHECK_FALSE(GlobMatch("tmp/", "x/tmp/a"));
  CHECK(GlobMatch("**/tmp/", "x/tmp/a"));
}

TEST_CASE("GlobMatch matches the whole path and not a part of it") {
  CHECK_FALSE(GlobMatch("a", "ab"));
  CHECK_FALSE(GlobMatch("b", "ab"));
  CHECK(GlobMatch("", ""));
  CHECK_FALSE(GlobMatch("", "a"));
}

TEST_CASE("GlobMatch ignores a leading slash or dot-slash in the pattern") {
  CHECK(GlobMatch("/robots.txt", "robots.txt"));
  CHECK(GlobMatch("./robots.txt", "robots.txt"));
}

TEST_CASE("GlobMatch compares bytes so UTF-8 names match literally") {
  CHECK(GlobMatch("caf\xC3\xA9/*", "caf\xC3\xA9/menu.html"));
  CHECK(GlobMatch("?.txt", "\xC3\xA9.txt") == false);  // '?' is one byte, not one code point
}

TEST_CASE("Glob stays fast on hostile patterns") {
  const std::string path(2000, 'a');
  CHECK_FALSE(GlobMatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", path));
  CHECK_FALSE(GlobMatch("**a**a**a**a**a**a**a**a**a**a**b", path));
  CHECK_FALSE(GlobMatch("**/**/**/**/**/**/**/**/x", std::string(500, '/') + "y"));
  CHECK(GlobMatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*", path));
}

TEST_CASE("Glob compiled once matches many paths") {
  const Glob glob("**/*.html");
  CHECK(glob.pattern() == "**/*.html");
  CHECK(glob.Matches("index.html"));
  CHECK(glob.Matches("a/b/index.html"));
  CHECK_FALSE(glob.Matches("a/b/index.htm"));
}

TEST_CASE("Glob matches long patterns against long paths") {
  // 8000 tokens against 8000 characters: linear memory, no call per character.
  const std::string long_path(8000, 'a');
  CHECK(GlobMatch(long_path, long_path));
  CHECK_FALSE(GlobMatch(long_path + "b", long_path));
  CHECK(GlobMatch(std::string(4000, '?') + "*", long_path));
  CHECK(GlobMatch("**/" + std::string(4000, '?'),
                  std::string(500, 'x') + "/" + std::string(4000, 'y')));
}
