#include "util/ini.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <vector>

namespace s3mirror {
namespace {

std::string_view Trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Accumulates sections while lines are fed in order.
class IniBuilder {
 public:
  void StartSection(std::string_view name) {
    current_ = FindOrAdd(std::string(name));
    parent_key_.clear();
  }

  void AddEntry(std::string key, std::string_view value, bool indented) {
    if (indented && !parent_key_.empty()) {
      key = parent_key_ + "." + key;
    } else {
      parent_key_ = value.empty() ? key : std::string();
    }
    if (current_ == kNone) current_ = FindOrAdd("");
    auto& entries = file_.sections[current_].entries;
    const auto [known, added] = key_index_[current_].try_emplace(key, entries.size());
    if (added) {
      entries.emplace_back(std::move(key), std::string(value));
    } else {
      entries[known->second].second = std::string(value);
    }
  }

  IniFile Take() { return std::move(file_); }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  // Indexes keep parsing linear in the file's size: a file of many sections or keys (a hand-made
  // or damaged one) must not take quadratic time.
  size_t FindOrAdd(std::string name) {
    const auto [known, added] = section_index_.try_emplace(name, file_.sections.size());
    if (added) {
      file_.sections.push_back(IniSection{.name = std::move(name), .entries = {}});
      key_index_.emplace_back();
    }
    return known->second;
  }

  IniFile file_;
  std::unordered_map<std::string, size_t> section_index_;
  std::vector<std::unordered_map<std::string, size_t>> key_index_;  // per section: key -> entry
  size_t current_ = kNone;
  std::string parent_key_;  // key with an empty value that indented lines nest under
};

Unexpected<Error> LineError(std::string_view source, size_t line, std::string_view what) {
  return Fail(ErrorKind::kConfig,
              std::string(source) + ":" + std::to_string(line) + ": " + std::string(what));
}

}  // namespace

const std::string* IniSection::Find(std::string_view key) const {
  for (const auto& [entry_key, value] : entries) {
    if (entry_key == key) return &value;
  }
  return nullptr;
}

const IniSection* IniFile::FindSection(std::string_view name) const {
  for (const IniSection& section : sections) {
    if (section.name == name) return &section;
  }
  return nullptr;
}

Result<IniFile> ParseIni(std::string_view text, std::string_view source_name) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  IniBuilder builder;
  size_t line_number = 0;
  while (!text.empty()) {
    const size_t end = std::min(text.find('\n'), text.size());
    const std::string_view raw = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    ++line_number;
    const std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      if (line.back() != ']')
        return LineError(source_name, line_number, "missing ']' after section name");
      builder.StartSection(Trim(line.substr(1, line.size() - 2)));
      continue;
    }
    const size_t separator = line.find_first_of("=:");
    if (separator == std::string_view::npos || separator == 0) {
      return LineError(source_name, line_number, "expected \"key = value\" or \"[section]\"");
    }
    const bool indented = raw.front() == ' ' || raw.front() == '\t';
    builder.AddEntry(Lower(Trim(line.substr(0, separator))), Trim(line.substr(separator + 1)),
                     indented);
  }
  return builder.Take();
}

}  // namespace s3mirror
