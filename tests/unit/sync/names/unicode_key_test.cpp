#include <catch2/catch.hpp>

#include "sync/names/unicode_key.h"

namespace s3mirror::sync {
namespace {

std::string Composed(std::string_view text) {
  std::string out;
  ComposeCanonical(text, out);
  return out;
}

std::string Folded(std::string_view text) {
  std::string out;
  FoldCase(Composed(text), out);
  return out;
}

TEST_CASE("ComposeCanonical composes e and a combining acute into one e-acute") {
  CHECK(Composed("caf\x65\xCC\x81.html") == "caf\xC3\xA9.html");
  CHECK(Composed("caf\xC3\xA9.html") == "caf\xC3\xA9.html");
}

TEST_CASE("ComposeCanonical leaves ASCII, unknown scripts and invalid UTF-8 as they are") {
  CHECK(Composed("news/2024/index.html") == "news/2024/index.html");
  CHECK(Composed("\xE6\x97\xA5\xE6\x9C\xAC.html") == "\xE6\x97\xA5\xE6\x9C\xAC.html");  // 日本
  CHECK(Composed("bad\xFF\x65\xCC\x81") == "bad\xFF\x65\xCC\x81");
}

TEST_CASE("ComposeCanonical composes two marks on one letter in either order alike") {
  // U+1EAD (a with circumflex and dot below) from a + U+0323 + U+0302 and a + U+0302 + U+0323.
  const std::string expected = "\xE1\xBA\xAD";
  CHECK(Composed("a\xCC\xA3\xCC\x82") == expected);
  CHECK(Composed("a\xCC\x82\xCC\xA3") == expected);
  CHECK(Composed("\xC3\xA2\xCC\xA3") == expected);  // U+00E2 + U+0323
}

TEST_CASE("ComposeCanonical maps the Kelvin and Angstrom signs to their letters") {
  CHECK(Composed("\xE2\x84\xAA") == "K");
  CHECK(Composed("\xE2\x84\xAB") == "\xC3\x85");
}

TEST_CASE("ComposeCanonical does not compose across a blocking mark of the same class") {
  // a + U+0301 + U+0301: the first acute composes, the second stays.
  CHECK(Composed("a\xCC\x81\xCC\x81") == "\xC3\xA1\xCC\x81");
  // A mark without a letter before it stays alone.
  CHECK(Composed("\xCC\x81"
                 "a") ==
        "\xCC\x81"
        "a");
}

TEST_CASE("FoldCase folds ASCII and accented Latin, Greek and Cyrillic capitals") {
  CHECK(Folded("Index.HTML") == "index.html");
  CHECK(Folded("\xC3\x89t\xC3\xA9.html") == "\xC3\xA9t\xC3\xA9.html");  // Été -> été
  CHECK(Folded("E\xCC\x81t\xC3\xA9.html") == "\xC3\xA9t\xC3\xA9.html");
  CHECK(Folded("\xCE\xA3") == "\xCF\x83");  // Σ -> σ
  CHECK(Folded("\xD0\x96") == "\xD0\xB6");  // Ж -> ж
}

}  // namespace
}  // namespace s3mirror::sync
