// Shell-style globs over relative paths ("a/b/c.html", POSIX separators, no leading "./").
// Pure: no I/O. Rules, all matched against the WHOLE relative path:
//   *        any run of characters within one path segment (never '/')
//   **       any run of characters across segments; "**/" also matches zero directories, so
//            "**/*.tmp" matches "a.tmp" and "x/y/a.tmp"
//   ?        one character other than '/'
//   [abc] [a-z] [!a-z] [^a-z]   one character (never '/') in / not in the class
//   \c       the character c literally
// A pattern without '/' is still matched against the whole path: "*.tmp" matches "a.tmp" but not
// "x/a.tmp" (write "**/*.tmp" for any depth). A pattern ending in '/' ("tmp/") matches that
// directory ("tmp") and everything under it ("tmp/a/b"). A leading "/" or "./" is ignored.
// Matching is dynamic programming over pattern x path (time O(pattern x path), memory O(path), no
// recursion), so hostile patterns like "*a*a*a*a*b" and very long ones stay cheap.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace s3mirror {

class Glob {
 public:
  explicit Glob(std::string_view pattern);

  bool Matches(std::string_view path) const;
  const std::string& pattern() const { return pattern_; }

  // One compiled piece of the pattern.
  struct Token {
    enum class Type { kLiteral, kAnyChar, kClass, kStar, kGlobStar, kGlobStarSlash };
    Type type = Type::kLiteral;
    char literal = 0;
    // kClass: inclusive byte ranges (a single character is [c, c]); negated for [!...].
    std::vector<std::pair<unsigned char, unsigned char>> ranges;
    bool negated = false;
  };

 private:
  bool MatchTokens(const std::vector<Token>& tokens, std::string_view path) const;

  std::string pattern_;
  std::vector<Token> tokens_;
  // For "dir/" patterns: also "dir/**". Empty otherwise.
  std::vector<Token> subtree_tokens_;
};

// Compiles and matches once; prefer Glob for matching one pattern against many paths.
bool GlobMatch(std::string_view pattern, std::string_view path);

}  // namespace s3mirror
