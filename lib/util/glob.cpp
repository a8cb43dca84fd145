#include "util/glob.h"

#include <cstdint>

namespace s3mirror {

namespace {

using Token = Glob::Token;
using Type = Glob::Token::Type;

Token MakeToken(Type type, char literal = 0) {
  Token token;
  token.type = type;
  token.literal = literal;
  return token;
}

// Parses "[...]" starting at pattern[pos] == '['. Returns false (and leaves pos) when the class is
// not closed, in which case '[' is an ordinary character.
bool ParseClass(std::string_view pattern, size_t& pos, Token& token) {
  size_t i = pos + 1;
  token = MakeToken(Type::kClass);
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    token.negated = true;
    ++i;
  }
  const size_t first = i;
  for (; i < pattern.size(); ++i) {
    if (pattern[i] == ']' && i > first) {
      pos = i + 1;
      return true;
    }
    if (pattern[i] == '\\' && i + 1 < pattern.size()) ++i;
    const auto low = static_cast<unsigned char>(pattern[i]);
    auto high = low;
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      high = static_cast<unsigned char>(pattern[i + 2]);
      i += 2;
    }
    token.ranges.emplace_back(low, high);
  }
  return false;
}

// "**" is a globstar; when it is followed by '/' and starts the pattern or a segment, "**/" matches
// zero or more whole directories.
Token ParseStars(std::string_view pattern, size_t& pos) {
  if (pos + 1 < pattern.size() && pattern[pos + 1] == '*') {
    const bool segment_start = pos == 0 || pattern[pos - 1] == '/';
    pos += 2;
    while (pos < pattern.size() && pattern[pos] == '*') ++pos;
    if (segment_start && pos < pattern.size() && pattern[pos] == '/') {
      ++pos;
      return MakeToken(Type::kGlobStarSlash);
    }
    return MakeToken(Type::kGlobStar);
  }
  ++pos;
  return MakeToken(Type::kStar);
}

std::vector<Token> Compile(std::string_view pattern) {
  std::vector<Token> tokens;
  size_t pos = 0;
  while (pos < pattern.size()) {
    const char c = pattern[pos];
    Token token;
    if (c == '*') {
      token = ParseStars(pattern, pos);
    } else if (c == '?') {
      token = MakeToken(Type::kAnyChar);
      ++pos;
    } else if (c == '[' && ParseClass(pattern, pos, token)) {
      // pos advanced past ']'
    } else {
      if (c == '\\' && pos + 1 < pattern.size()) ++pos;
      token = MakeToken(Type::kLiteral, pattern[pos]);
      ++pos;
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

bool ClassMatches(const Token& token, char c) {
  if (c == '/') return false;
  const auto byte = static_cast<unsigned char>(c);
  bool in_class = false;
  for (const auto& [low, high] : token.ranges) in_class = in_class || (byte >= low && byte <= high);
  return in_class != token.negated;
}

// Memoised matcher: Match(t, i) says whether tokens[t..] match path[i..]. Each (t, i) is decided
// once, which bounds the work at tokens x path even for patterns full of stars.
class Matcher {
 public:
  Matcher(const std::vector<Token>& tokens, std::string_view path)
      : tokens_(tokens), path_(path), memo_((tokens.size() + 1) * (path.size() + 1), kUnknown) {}

  bool Match(size_t t, size_t i) {
    int8_t& slot = memo_[t * (path_.size() + 1) + i];
    if (slot == kUnknown) slot = Decide(t, i) ? kYes : kNo;
    return slot == kYes;
  }

 private:
  static constexpr int8_t kUnknown = -1, kNo = 0, kYes = 1;

  bool Decide(size_t t, size_t i) {
    if (t == tokens_.size()) return i == path_.size();
    const Token& token = tokens_[t];
    const bool have_char = i < path_.size();
    switch (token.type) {
      case Type::kLiteral:
        return have_char && path_[i] == token.literal && Match(t + 1, i + 1);
      case Type::kAnyChar:
        return have_char && path_[i] != '/' && Match(t + 1, i + 1);
      case Type::kClass:
        return have_char && ClassMatches(token, path_[i]) && Match(t + 1, i + 1);
      case Type::kStar:  // empty, or one non-'/' character and the star again
        return Match(t + 1, i) || (have_char && path_[i] != '/' && Match(t, i + 1));
      case Type::kGlobStar:
        return Match(t + 1, i) || (have_char && Match(t, i + 1));
      case Type::kGlobStarSlash:
        return Match(t + 1, i) || MatchDirectories(t, i);
    }
    return false;
  }

  // "**/" consuming one or more whole directories: skip to after each later '/'.
  bool MatchDirectories(size_t t, size_t i) {
    for (size_t j = i; j < path_.size(); ++j) {
      if (path_[j] == '/' && Match(t + 1, j + 1)) return true;
    }
    return false;
  }

  const std::vector<Token>& tokens_;
  std::string_view path_;
  std::vector<int8_t> memo_;
};

std::string_view StripLeadingAnchor(std::string_view pattern) {
  while (pattern.starts_with("./")) pattern.remove_prefix(2);
  while (pattern.starts_with('/')) pattern.remove_prefix(1);
  return pattern;
}

}  // namespace

Glob::Glob(std::string_view pattern) : pattern_(pattern) {
  std::string_view body = StripLeadingAnchor(pattern);
  const bool is_directory = body.size() > 1 && body.ends_with('/') && !body.ends_with("\\/");
  if (is_directory) {
    body.remove_suffix(1);
    subtree_tokens_ = Compile(std::string(body) + "/**");
  }
  tokens_ = Compile(body);
}

bool Glob::MatchTokens(const std::vector<Token>& tokens, std::string_view path) const {
  return Matcher(tokens, path).Match(0, 0);
}

bool Glob::Matches(std::string_view path) const {
  if (MatchTokens(tokens_, path)) return true;
  return !subtree_tokens_.empty() && MatchTokens(subtree_tokens_, path);
}

bool GlobMatch(std::string_view pattern, std::string_view path) {
  return Glob(pattern).Matches(path);
}

}  // namespace s3mirror
