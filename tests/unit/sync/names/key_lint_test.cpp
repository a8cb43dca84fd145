#include <catch2/catch.hpp>

#include "sync/names/key_lint.h"

namespace s3mirror::sync {
namespace {

NameIssues Only(NameIssue issue) { return IssueBit(issue); }

std::vector<LocalFile> Files(std::initializer_list<const char*> paths) {
  std::vector<LocalFile> files;
  for (const char* path : paths) files.push_back({.path = path});
  return files;
}

std::uint64_t Count(const KeyLint& lint, NameIssue issue) {
  return lint.counts[static_cast<std::size_t>(issue)];
}

TEST_CASE("FindNameIssues finds nothing in ordinary names") {
  CHECK(FindNameIssues("news/2024/index.html") == 0);
  CHECK(FindNameIssues("a b/c d.html") == 0);
  CHECK(FindNameIssues("100%.html") == 0);
  CHECK(FindNameIssues("50%off.html") == 0);  // "%of": 'o' is not a hex digit
  CHECK(FindNameIssues("caf\xC3\xA9.html") == 0);
}

TEST_CASE("FindNameIssues finds a trailing space in any path segment") {
  CHECK(FindNameIssues("report .pdf ") == Only(NameIssue::kTrailingSpace));
  CHECK(FindNameIssues("news /index.html") == Only(NameIssue::kTrailingSpace));
  CHECK(FindNameIssues("a/b /c/d.html") == Only(NameIssue::kTrailingSpace));
}

TEST_CASE("FindNameIssues finds a leading space in any path segment") {
  CHECK(FindNameIssues(" index.html") == Only(NameIssue::kLeadingSpace));
  CHECK(FindNameIssues("news/ 2024/index.html") == Only(NameIssue::kLeadingSpace));
  CHECK(FindNameIssues(" ") == (Only(NameIssue::kLeadingSpace) | Only(NameIssue::kTrailingSpace)));
}

TEST_CASE("FindNameIssues finds hash, question mark and backslash") {
  CHECK(FindNameIssues("c#/notes.html") == Only(NameIssue::kHash));
  CHECK(FindNameIssues("search?q=1.html") == Only(NameIssue::kQuestionMark));
  CHECK(FindNameIssues("windows\\path.html") == Only(NameIssue::kBackslash));
}

TEST_CASE("FindNameIssues flags a percent sign followed by two hex digits") {
  CHECK(FindNameIssues("a%20b.html") == Only(NameIssue::kPercentEscape));
  CHECK(FindNameIssues("caf%C3%A9.html") == Only(NameIssue::kPercentEscape));
  CHECK(FindNameIssues("end%2") == 0);
  CHECK(FindNameIssues("end%") == 0);
}

TEST_CASE("FindNameIssues finds C0, DEL and C1 control characters") {
  CHECK(FindNameIssues("tab\there.html") == Only(NameIssue::kControl));
  CHECK(FindNameIssues(std::string_view("nul\0.html", 9)) == Only(NameIssue::kControl));
  CHECK(FindNameIssues("del\x7F.html") == Only(NameIssue::kControl));
  CHECK(FindNameIssues("c1\xC2\x85.html") == Only(NameIssue::kControl));  // U+0085 NEXT LINE
  CHECK(FindNameIssues("nbsp\xC2\xA0.html") == 0);                        // U+00A0 is no control
}

TEST_CASE("FindNameIssues reports every issue of a name at once") {
  CHECK(FindNameIssues(" a#b?c\\%41 ") ==
        (Only(NameIssue::kLeadingSpace) | Only(NameIssue::kTrailingSpace) | Only(NameIssue::kHash) |
         Only(NameIssue::kQuestionMark) | Only(NameIssue::kBackslash) |
         Only(NameIssue::kPercentEscape)));
}

TEST_CASE("LintKeys finds the NFC and NFD spellings of e-acute as Unicode twins") {
  const auto files = Files({"caf\x65\xCC\x81.html", "caf\xC3\xA9.html", "other.html"});
  const KeyLint lint = LintKeys(files);
  REQUIRE(lint.twins.size() == 1);
  CHECK(lint.twins[0].kind == NameIssue::kUnicodeTwin);
  CHECK(lint.twins[0].members == std::vector<std::size_t>{0, 1});
  CHECK(Count(lint, NameIssue::kUnicodeTwin) == 2);
  CHECK(Count(lint, NameIssue::kCaseTwin) == 0);
  REQUIRE(lint.flagged.size() == 2);
  CHECK(lint.flagged[0].index == 0);
  CHECK(lint.flagged[1].issues == Only(NameIssue::kUnicodeTwin));
}

TEST_CASE("LintKeys finds A.html and a.html as case twins") {
  const auto files = Files({"A.html", "B.html", "a.html", "b/c.html"});
  const KeyLint lint = LintKeys(files);
  REQUIRE(lint.twins.size() == 1);
  CHECK(lint.twins[0].kind == NameIssue::kCaseTwin);
  CHECK(lint.twins[0].members == std::vector<std::size_t>{0, 2});
  CHECK(Count(lint, NameIssue::kCaseTwin) == 2);
}

TEST_CASE("LintKeys compares whole paths: directories that differ in case are twins too") {
  const auto files = Files({"Docs/a.html", "Docs/b.html", "docs/a.html"});
  const KeyLint lint = LintKeys(files);
  REQUIRE(lint.twins.size() == 1);
  CHECK(lint.twins[0].members == std::vector<std::size_t>{0, 2});
}

TEST_CASE("LintKeys reports a case twin group over composed and decomposed spellings") {
  // "Été" composed, "E" U+0301 "té" decomposed, "été": all three fold alike; the first two are
  // also Unicode twins of each other.
  const auto files = Files({"E\xCC\x81t\xC3\xA9", "\xC3\x89t\xC3\xA9", "\xC3\xA9t\xC3\xA9"});
  const KeyLint lint = LintKeys(files);
  REQUIRE(lint.twins.size() == 2);
  CHECK(lint.twins[0].kind == NameIssue::kUnicodeTwin);
  CHECK(lint.twins[0].members == std::vector<std::size_t>{0, 1});
  CHECK(lint.twins[1].kind == NameIssue::kCaseTwin);
  CHECK(lint.twins[1].members == std::vector<std::size_t>{0, 1, 2});
  CHECK(lint.flagged[0].issues == (Only(NameIssue::kUnicodeTwin) | Only(NameIssue::kCaseTwin)));
  CHECK(lint.flagged[2].issues == Only(NameIssue::kCaseTwin));
}

TEST_CASE("LintKeys finds no twins among distinct names and merges per-name issues by index") {
  const auto files = Files({"a b.html", "a#b.html", "ab.html", "z.html "});
  const KeyLint lint = LintKeys(files);
  CHECK(lint.twins.empty());
  REQUIRE(lint.flagged.size() == 2);
  CHECK(lint.flagged[0].index == 1);
  CHECK(lint.flagged[1].index == 3);
  CHECK(Count(lint, NameIssue::kHash) == 1);
  CHECK(Count(lint, NameIssue::kTrailingSpace) == 1);
}

TEST_CASE("LintKeys finds a case twin pair among a hundred thousand paths") {
  std::vector<LocalFile> files;
  for (int i = 0; i < 100000; ++i)
    files.push_back({.path = "dir/page" + std::to_string(i) + ".html"});
  files.push_back({.path = "dir/PAGE77.html"});
  const KeyLint lint = LintKeys(files);
  REQUIRE(lint.twins.size() == 1);
  CHECK(lint.twins[0].members == std::vector<std::size_t>{77, 100000});
}

TEST_CASE("DescribeIssues joins the labels of a set") {
  CHECK(DescribeIssues(Only(NameIssue::kTrailingSpace) | Only(NameIssue::kCaseTwin)) ==
        "trailing space, case twin");
  CHECK(DescribeIssues(0).empty());
}

}  // namespace
}  // namespace s3mirror::sync
