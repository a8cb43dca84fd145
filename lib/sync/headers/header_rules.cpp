#include "sync/headers/header_rules.h"

#include <algorithm>
#include <array>

#include "util/file.h"

namespace s3mirror::sync {
namespace {

constexpr std::string_view kMetaPrefix = "x-amz-meta-";
constexpr std::array<std::string_view, 6> kStandardHeaders = {
    "Content-Type",        "Cache-Control",    "Content-Encoding",
    "Content-Disposition", "Content-Language", "Expires"};

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (IsBlank(text.front()) || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (IsBlank(text.back()) || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
  return lower;
}

bool IsMetaNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// The canonical spelling of an allowed header name, or "" when it is not allowed.
std::string CanonicalName(std::string_view name) {
  const std::string lower = Lower(name);
  for (std::string_view standard : kStandardHeaders) {
    if (lower == Lower(standard)) return std::string(standard);
  }
  if (lower.size() > kMetaPrefix.size() && lower.starts_with(kMetaPrefix) &&
      std::all_of(lower.begin() + kMetaPrefix.size(), lower.end(), IsMetaNameChar)) {
    return lower;
  }
  return "";
}

// Where the glob ends: the first ':' not escaped by '\' and followed by a blank; npos if none.
std::size_t GlobEnd(std::string_view line) {
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
    } else if (line[i] == ':' && IsBlank(line[i + 1])) {
      return i;
    }
  }
  return std::string_view::npos;
}

// "\:" in the glob text stands for ':' (every other escape is the glob's own).
std::string UnescapeColons(std::string_view glob) {
  std::string out;
  for (std::size_t i = 0; i < glob.size(); ++i) {
    if (glob[i] == '\\' && i + 1 < glob.size() && glob[i + 1] == ':') ++i;
    out += glob[i];
  }
  return out;
}

bool IsPrintableAscii(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

// One non-blank, non-comment line into a rule; the error says what is wrong (without the place).
Result<HeaderRule> ParseLine(std::string_view line) {
  const std::size_t glob_end = GlobEnd(line);
  if (glob_end == std::string_view::npos) {
    return Fail(ErrorKind::kUsage, "expected \"GLOB: Header: value\"");
  }
  const std::string glob = UnescapeColons(Trim(line.substr(0, glob_end)));
  const std::string_view rest = line.substr(glob_end + 1);
  const std::size_t colon = rest.find(':');
  if (glob.empty()) return Fail(ErrorKind::kUsage, "the glob before the first ':' is empty");
  if (colon == std::string_view::npos) {
    return Fail(ErrorKind::kUsage, "expected \"GLOB: Header: value\" (no ':' after the header)");
  }
  const std::string_view name = Trim(rest.substr(0, colon));
  const std::string_view value = Trim(rest.substr(colon + 1));
  const std::string canonical = CanonicalName(name);
  if (canonical.empty()) {
    return Fail(ErrorKind::kUsage,
                "header \"" + std::string(name) +
                    "\" is not allowed (allowed: Content-Type, Cache-Control, Content-Encoding, "
                    "Content-Disposition, Content-Language, Expires, x-amz-meta-NAME)");
  }
  if (value.empty()) return Fail(ErrorKind::kUsage, canonical + " has an empty value");
  if (!IsPrintableAscii(value)) {
    return Fail(ErrorKind::kUsage, canonical + " value must be printable ASCII");
  }
  return HeaderRule{.glob = Glob(glob), .name = canonical, .value = std::string(value)};
}

}  // namespace

Result<HeaderRules> HeaderRules::Parse(std::string_view text, std::string_view source) {
  HeaderRules parsed;
  int number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view raw = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    const std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#') continue;
    Result<HeaderRule> rule = ParseLine(line);
    if (!rule) {
      return Fail(ErrorKind::kUsage,
                  std::string(source) + ":" + std::to_string(number) + ": " + rule.error().message);
    }
    rule->line = number;
    parsed.rules_.push_back(std::move(*rule));
  }
  return parsed;
}

void HeaderRules::Apply(std::string_view path, s3::ObjectSettings& settings) const {
  for (const HeaderRule& rule : rules_) {
    if (rule.glob.Matches(path)) SetHeader(settings, rule.name, rule.value);
  }
}

bool SetHeader(s3::ObjectSettings& settings, std::string_view name, std::string value) {
  if (name == "Content-Type") {
    settings.content_type = std::move(value);
  } else if (name == "Cache-Control") {
    settings.cache_control = std::move(value);
  } else if (name == "Content-Encoding") {
    settings.content_encoding = std::move(value);
  } else if (name == "Content-Disposition") {
    settings.content_disposition = std::move(value);
  } else if (name == "Content-Language") {
    settings.content_language = std::move(value);
  } else if (name == "Expires") {
    settings.expires = std::move(value);
  } else if (name.starts_with(kMetaPrefix)) {
    const std::string meta(name.substr(kMetaPrefix.size()));
    auto it = std::find_if(settings.metadata.begin(), settings.metadata.end(),
                           [&](const auto& entry) { return entry.first == meta; });
    if (it != settings.metadata.end()) {
      it->second = std::move(value);
    } else {
      settings.metadata.emplace_back(meta, std::move(value));
    }
  } else {
    return false;
  }
  return true;
}

Result<HeaderRules> LoadHeaderRules(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text) return Fail(ErrorKind::kUsage, "--headers: " + text.error().message);
  return HeaderRules::Parse(*text, path);
}

}  // namespace s3mirror::sync
