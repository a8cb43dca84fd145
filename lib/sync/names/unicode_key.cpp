#include "sync/names/unicode_key.h"

#include <algorithm>

#include "sync/names/unicode_tables.h"
#include "sync/scan/local_scanner.h"

namespace s3mirror::sync {
namespace {

bool IsAscii(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Requires: `bytes` is valid UTF-8 (IsValidUtf8) and `i` at the start of a sequence.
char32_t DecodeAt(std::string_view bytes, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(bytes[i++]);
  if (lead < 0x80) return lead;
  const int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
  char32_t cp = lead & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(bytes[i++]) & 0x3F);
  return cp;
}

void Encode(char32_t cp, std::string& out) {
  const auto byte = [&out](char32_t value) { out += static_cast<char>(value); };
  if (cp < 0x80) return byte(cp);
  if (cp < 0x800) return byte(0xC0 | (cp >> 6)), byte(0x80 | (cp & 0x3F));
  if (cp < 0x10000) {
    return byte(0xE0 | (cp >> 12)), byte(0x80 | ((cp >> 6) & 0x3F)), byte(0x80 | (cp & 0x3F));
  }
  byte(0xF0 | (cp >> 18)), byte(0x80 | ((cp >> 12) & 0x3F));
  byte(0x80 | ((cp >> 6) & 0x3F)), byte(0x80 | (cp & 0x3F));
}

int MarkClass(char32_t cp) {
  const auto classes = unicode::MarkClasses();
  if (cp < unicode::kFirstMark || cp >= unicode::kFirstMark + classes.size()) return 0;
  return classes[cp - unicode::kFirstMark];
}

// Appends the full canonical decomposition of `cp` (a decomposed first part decomposes again:
// U+1EA4 -> U+00C2 U+0301 -> "A" U+0302 U+0301).
void Decompose(char32_t cp, std::u32string& out) {
  const auto table = unicode::Decompositions();
  const auto found = std::lower_bound(
      table.begin(), table.end(), cp,
      [](const unicode::Decomposition& entry, char32_t value) { return entry.composed < value; });
  if (found == table.end() || found->composed != cp) return out.push_back(cp);
  Decompose(found->first, out);
  if (found->second != 0) out.push_back(found->second);
}

// Canonical ordering: within each run of marks (class > 0), a stable sort by class.
void OrderMarks(std::u32string& text) {
  for (std::size_t i = 1; i < text.size(); ++i) {
    const int cls = MarkClass(text[i]);
    for (std::size_t j = i; cls != 0 && j > 0 && MarkClass(text[j - 1]) > cls; --j) {
      std::swap(text[j - 1], text[j]);
    }
  }
}

char32_t FindComposition(char32_t first, char32_t second) {
  const auto table = unicode::Compositions();
  const auto found = std::lower_bound(table.begin(), table.end(), std::pair{first, second},
                                      [](const unicode::Composition& entry, auto value) {
                                        return std::pair{entry.first, entry.second} < value;
                                      });
  const bool hit = found != table.end() && found->first == first && found->second == second;
  return hit ? found->composed : 0;
}

// UAX #15 canonical composition: a character joins the last starter unless a character between
// them has class 0 or a class not below its own ("blocked").
void Compose(std::u32string& text) {
  std::size_t starter = std::u32string::npos, write = 0;
  int last_class = 0;
  for (const char32_t cp : text) {
    const int cls = MarkClass(cp);
    if (starter != std::u32string::npos) {
      const bool adjacent = write == starter + 1;
      const bool blocked = !adjacent && (last_class == 0 || last_class >= cls);
      const char32_t composed = blocked ? 0 : FindComposition(text[starter], cp);
      if (composed != 0) {
        text[starter] = composed;
        continue;
      }
    }
    if (cls == 0) starter = write;
    last_class = cls;
    text[write++] = cp;
  }
  text.resize(write);
}

char32_t Fold(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + ('a' - 'A');
  const auto table = unicode::CaseFolds();
  const auto found = std::lower_bound(
      table.begin(), table.end(), cp,
      [](const unicode::CaseFold& entry, char32_t value) { return entry.from < value; });
  return found != table.end() && found->from == cp ? found->to : cp;
}

}  // namespace

void ComposeCanonical(std::string_view utf8, std::string& out) {
  out.assign(utf8);
  if (IsAscii(utf8) || !IsValidUtf8(utf8)) return;
  thread_local std::u32string text;  // reused: a million names, few allocations
  text.clear();
  for (std::size_t i = 0; i < utf8.size();) Decompose(DecodeAt(utf8, i), text);
  OrderMarks(text);
  Compose(text);
  out.clear();
  for (const char32_t cp : text) Encode(cp, out);
}

void FoldCase(std::string_view utf8, std::string& out) {
  out.clear();
  if (IsAscii(utf8)) {
    for (const char c : utf8) out += c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
    return;
  }
  if (!IsValidUtf8(utf8)) {
    out.assign(utf8);
    return;
  }
  for (std::size_t i = 0; i < utf8.size();) Encode(Fold(DecodeAt(utf8, i)), out);
}

}  // namespace s3mirror::sync
