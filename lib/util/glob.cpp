#include "util/glob.h"

#include <utility>
#include <vector>

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

bool IsStar(const Token& token) {
  return token.type == Type::kStar || token.type == Type::kGlobStar ||
         token.type == Type::kGlobStarSlash;
}

// One row of the table below: whether tokens[t..] match path[i..] for i in [lo, hi]; false
// outside (impossible there, or unreachable from the start of the pattern and the path).
struct Row {
  size_t lo = 0;
  size_t hi = 0;
  std::vector<char> match;  // match[i - lo]

  bool At(size_t i) const { return i >= lo && i <= hi && match[i - lo] != 0; }
};

// Where tokens[t..] can match: each fixed token (literal, '?', class) takes one character, a star
// any number. From the front, at least the fixed tokens before t are consumed (exactly them when
// no star precedes a fixed token t); from the back, at least the fixed tokens from t on remain
// (exactly them when no star follows).
class RowRanges {
 public:
  RowRanges(const std::vector<Token>& tokens, size_t path_size)
      : tokens_(tokens),
        n_(path_size),
        fixed_before_(tokens.size() + 1, 0),
        stars_before_(tokens.size() + 1, 0) {
    for (size_t k = 0; k < tokens.size(); ++k) {
      const bool star = IsStar(tokens[k]);
      fixed_before_[k + 1] = fixed_before_[k] + (star ? 0 : 1);
      stars_before_[k + 1] = stars_before_[k] + (star ? 1 : 0);
    }
  }

  // Sets row.lo and row.hi for token t; false when no position is possible.
  bool Set(size_t t, Row& row) const {
    const size_t fixed_total = fixed_before_.back();
    if (fixed_total > n_) return false;
    const size_t fixed_from = fixed_total - fixed_before_[t];
    const bool star_before = stars_before_[t] > 0;
    const bool star_from = stars_before_.back() > stars_before_[t];
    row.lo = fixed_before_[t];
    row.hi = n_ - fixed_from;
    if (!IsStar(tokens_[t]) && !star_before) row.hi = row.lo;
    if (!star_from) row.lo = row.hi;
    return row.lo <= row.hi;
  }

 private:
  const std::vector<Token>& tokens_;
  size_t n_;
  std::vector<size_t> fixed_before_;  // fixed tokens in tokens[0..t)
  std::vector<size_t> stars_before_;  // star tokens in tokens[0..t)
};

// Dynamic programming over tokens x path, last token first, keeping two rows, each only over the
// range where it can matter: no recursion and memory linear in the path, so long patterns and
// paths neither exhaust the stack nor need a tokens x path table; literal runs cost one cell per
// token. A row with no match means no earlier token can match either.
bool MatchRows(const std::vector<Token>& tokens, std::string_view path) {
  const size_t n = path.size();
  Row next{.lo = n, .hi = n, .match = {1}};  // no tokens left: only the empty rest matches
  Row row;
  const RowRanges ranges(tokens, n);
  for (size_t t = tokens.size(); t-- > 0;) {
    if (!ranges.Set(t, row)) return false;
    row.match.assign(row.hi - row.lo + 1, 0);
    const Token& token = tokens[t];
    bool directories = false;  // kGlobStarSlash: a '/' at some j >= i with next[j + 1]
    bool any = false;
    for (size_t i = row.hi + 1; i-- > row.lo;) {
      const bool have_char = i < n;
      const bool own_next = i + 1 <= row.hi && row.match[i + 1 - row.lo] != 0;
      bool match = false;
      switch (token.type) {
        case Type::kLiteral:
          match = have_char && path[i] == token.literal && next.At(i + 1);
          break;
        case Type::kAnyChar:
          match = have_char && path[i] != '/' && next.At(i + 1);
          break;
        case Type::kClass:
          match = have_char && ClassMatches(token, path[i]) && next.At(i + 1);
          break;
        case Type::kStar:  // empty, or one non-'/' character and the star again
          match = next.At(i) || (have_char && path[i] != '/' && own_next);
          break;
        case Type::kGlobStar:
          match = next.At(i) || (have_char && own_next);
          break;
        case Type::kGlobStarSlash:  // zero directories, or whole ones up to a later '/'
          directories = directories || (have_char && path[i] == '/' && next.At(i + 1));
          match = next.At(i) || directories;
          break;
      }
      row.match[i - row.lo] = match ? 1 : 0;
      any = any || match;
    }
    if (!any) return false;
    std::swap(row, next);
  }
  return next.At(0);
}

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
  return MatchRows(tokens, path);
}

bool Glob::Matches(std::string_view path) const {
  if (MatchTokens(tokens_, path)) return true;
  return !subtree_tokens_.empty() && MatchTokens(subtree_tokens_, path);
}

bool GlobMatch(std::string_view pattern, std::string_view path) {
  return Glob(pattern).Matches(path);
}

}  // namespace s3mirror
