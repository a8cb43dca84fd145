#include <cstdio>
#include <string>
#include <string_view>

#include "sync/scan/local_scanner.h"

namespace s3mirror::sync {

// RFC 3629: 1-4 bytes; the first byte's range limits the second byte's so that overlong forms,
// UTF-16 surrogates (U+D800..DFFF) and code points above U+10FFFF are rejected.
bool IsValidUtf8(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    int length = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (c < 0x80)
      length = 1;
    else if (c >= 0xC2 && c <= 0xDF)
      length = 2;
    else if (c == 0xE0)
      length = 3, low = 0xA0;
    else if (c == 0xED)
      length = 3, high = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF)
      length = 3;
    else if (c == 0xF0)
      length = 4, low = 0x90;
    else if (c >= 0xF1 && c <= 0xF3)
      length = 4;
    else if (c == 0xF4)
      length = 4, high = 0x8F;
    else
      return false;
    if (i + static_cast<size_t>(length) > bytes.size()) return false;
    for (int k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(bytes[i + static_cast<size_t>(k)]);
      const unsigned char lo = k == 1 ? low : 0x80, hi = k == 1 ? high : 0xBF;
      if (next < lo || next > hi) return false;
    }
    i += static_cast<size_t>(length);
  }
  return true;
}

std::string EscapeName(std::string_view bytes) {
  std::string out;
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out += ch;
    } else {
      char buffer[5];
      std::snprintf(buffer, sizeof buffer, "\\x%02X", c);
      out += buffer;
    }
  }
  return out;
}

}  // namespace s3mirror::sync
