// Reading and writing the --delete-after-missing counters (format in grace_period.h).
#include <fcntl.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "sync/listing/merge_join.h"
#include "sync/plan/grace_period.h"
#include "util/file.h"
#include "util/hashed_file.h"

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

// Read and written a line at a time: after a large removal under --delete-after-missing the file
// holds a line per removed file for a few runs, and a copy of it in memory would add to the
// counters' own size.
Result<MissingCounts> LoadMissingCounts(const std::string& path) {
  const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  MissingCounts counts;
  if (!fd.valid() && (errno == ENOENT || errno == ENOTDIR)) return counts;
  if (!fd.valid())
    return Fail(ErrorKind::kLocalIo, "cannot read " + path + ": " + std::strerror(errno));
  const auto damaged = [&path](const std::string& why) {
    return Fail(ErrorKind::kLocalIo, "missing-object counters " + path + " are damaged (" + why +
                                         "); starting them again");
  };
  HashingReader in(fd.get());
  std::string line;
  const bool has_header = in.ReadLine(line) && line == kHeader;
  while (has_header && in.ReadLine(line)) {
    MissingCount count;
    if (!ParseLine(line, count)) return damaged("unreadable line");
    if (!counts.empty() && !KeyLess(counts.back().key, count.key)) return damaged("out of order");
    counts.push_back(std::move(count));
  }
  if (in.error() != 0) {
    return Fail(ErrorKind::kLocalIo, "cannot read " + path + ": " + std::strerror(in.error()));
  }
  if (!has_header) return damaged("bad header");
  return counts;
}

Status SaveMissingCounts(const std::string& path, const MissingCounts& counts) {
  Result<AtomicFile> file = AtomicFile::Create(path, 0600);
  if (!file) return Fail(file.error());
  HashingWriter out(file->fd());
  out.Write(kHeader);
  out.Write("\n");
  for (const MissingCount& count : counts) {
    out.Write(std::to_string(count.runs) + " " + EscapeKey(count.key) + "\n");
  }
  if (!out.Flush()) {
    return Fail(ErrorKind::kLocalIo, "cannot write " + path + ": " + std::strerror(out.error()));
  }
  return file->Commit();
}

}  // namespace s3mirror::sync
