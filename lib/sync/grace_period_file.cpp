// Reading and writing the --delete-after-missing counters (format in grace_period.h).
#include <charconv>
#include <optional>
#include <sstream>

#include "sync/differ.h"
#include "sync/grace_period.h"
#include "util/file.h"

namespace s3mirror::sync {
namespace {

constexpr std::string_view kHeader = "s3mirror-missing 1";

bool NeedsEscape(unsigned char c) { return c < 0x21 || c == 0x7F || c == '%'; }

std::string EscapeKey(std::string_view key) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(key.size());
  for (const char c : key) {
    const auto byte = static_cast<unsigned char>(c);
    if (!NeedsEscape(byte)) {
      out += c;
      continue;
    }
    out += '%';
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
  }
  return out;
}

bool UnescapeKey(std::string_view text, std::string& key) {
  key.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      key += text[i];
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= text.size()) return false;
    const auto [end, error] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
    if (error != std::errc() || end != text.data() + i + 3) return false;
    key += static_cast<char>(value);
    i += 2;
  }
  return !key.empty();
}

// "RUNS KEY" -> count; false when the line is not one.
bool ParseLine(std::string_view line, MissingCount& count) {
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos || space == 0) return false;
  const auto [end, error] = std::from_chars(line.data(), line.data() + space, count.runs);
  if (error != std::errc() || end != line.data() + space || count.runs == 0) return false;
  return UnescapeKey(line.substr(space + 1), count.key);
}

}  // namespace

Result<MissingCounts> LoadMissingCounts(const std::string& path) {
  Result<std::optional<std::string>> text = ReadFileIfExists(path);
  if (!text) return Fail(text.error());
  MissingCounts counts;
  if (!*text) return counts;
  const auto damaged = [&path](const std::string& why) {
    return Fail(ErrorKind::kLocalIo, "missing-object counters " + path + " are damaged (" + why +
                                         "); starting them again");
  };
  std::istringstream in(**text);
  std::string line;
  if (!std::getline(in, line) || line != kHeader) return damaged("bad header");
  while (std::getline(in, line)) {
    MissingCount count;
    if (!ParseLine(line, count)) return damaged("unreadable line");
    if (!counts.empty() && !KeyLess(counts.back().key, count.key)) return damaged("out of order");
    counts.push_back(std::move(count));
  }
  return counts;
}

Status SaveMissingCounts(const std::string& path, const MissingCounts& counts) {
  std::string text(kHeader);
  text += '\n';
  for (const MissingCount& count : counts) {
    text += std::to_string(count.runs) + " " + EscapeKey(count.key) + "\n";
  }
  return WriteFileAtomic(path, text, 0600);
}

}  // namespace s3mirror::sync
