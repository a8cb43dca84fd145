#include "util/units.h"

#include <cctype>
#include <cstdio>
#include <limits>
#include <optional>

namespace s3mirror {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads a run of digits at `pos`; nullopt when there is none or it overflows uint64_t.
std::optional<uint64_t> ReadNumber(std::string_view text, size_t& pos) {
  const size_t start = pos;
  uint64_t value = 0;
  for (; pos < text.size() && IsDigit(text[pos]); ++pos) {
    const auto digit = static_cast<uint64_t>(text[pos] - '0');
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  if (pos == start) return std::nullopt;
  return value;
}

std::optional<unsigned> SizeShift(char unit) {
  switch (std::toupper(static_cast<unsigned char>(unit))) {
    case 'K':
      return 10;
    case 'M':
      return 20;
    case 'G':
      return 30;
    case 'T':
      return 40;
    default:
      return std::nullopt;
  }
}

std::optional<uint64_t> DurationUnitSeconds(char unit) {
  switch (unit) {
    case 's':
      return 1;
    case 'm':
      return 60;
    case 'h':
      return 3600;
    case 'd':
      return 86400;
    default:
      return std::nullopt;
  }
}

Unexpected<Error> NotASize(std::string_view text) {
  return Fail(ErrorKind::kUsage,
              "\"" + std::string(text) + "\" is not a size (use a number with K, M or G, e.g. 8M)");
}

Unexpected<Error> NotADuration(std::string_view text) {
  return Fail(ErrorKind::kUsage,
              "\"" + std::string(text) +
                  "\" is not a duration (use a number with s, m, h or d, e.g. 90m or 24h)");
}

}  // namespace

Result<uint64_t> ParseSize(std::string_view text) {
  size_t pos = 0;
  const std::optional<uint64_t> number = ReadNumber(text, pos);
  if (!number) return NotASize(text);
  std::string_view rest = text.substr(pos);
  unsigned shift = 0;
  if (!rest.empty()) {
    if (const std::optional<unsigned> unit_shift = SizeShift(rest.front())) {
      shift = *unit_shift;
      rest.remove_prefix(1);
      if (rest == "i" || rest == "iB" || rest == "ib") rest = rest.substr(rest.size());
    }
  }
  if (rest == "B" || rest == "b") rest.remove_prefix(1);
  if (!rest.empty()) return NotASize(text);
  if (shift > 0 && *number > (std::numeric_limits<uint64_t>::max() >> shift)) {
    return Fail(ErrorKind::kUsage, "\"" + std::string(text) + "\" is too large a size");
  }
  return *number << shift;
}

Result<std::chrono::seconds> ParseDuration(std::string_view text) {
  size_t pos = 0;
  uint64_t total = 0;
  uint64_t previous_unit = std::numeric_limits<uint64_t>::max();
  while (pos < text.size() || pos == 0) {
    const std::optional<uint64_t> number = ReadNumber(text, pos);
    if (!number) return NotADuration(text);
    uint64_t unit = 1;
    if (pos < text.size()) {
      const std::optional<uint64_t> parsed_unit = DurationUnitSeconds(text[pos]);
      if (!parsed_unit || *parsed_unit >= previous_unit) return NotADuration(text);
      unit = *parsed_unit;
      ++pos;
    } else if (previous_unit != std::numeric_limits<uint64_t>::max()) {
      return NotADuration(text);  // "1h30": a bare number only stands alone
    }
    previous_unit = unit;
    if (*number > (static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) - total) / unit) {
      return Fail(ErrorKind::kUsage, "\"" + std::string(text) + "\" is too long a duration");
    }
    total += *number * unit;
  }
  return std::chrono::seconds(static_cast<int64_t>(total));
}

std::string FormatBytes(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes) / 1024.0;
  size_t unit = 0;
  // 1023.95 and up would print as "1024.0", so it moves to the next unit.
  while (value >= 1023.95 && unit + 1 < std::size(kUnits)) {
    value /= 1024.0;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f %s", value, kUnits[unit]);
  return buffer;
}

std::string FormatDuration(std::chrono::milliseconds duration) {
  const int64_t ms = duration.count() < 0 ? 0 : duration.count();
  char buffer[48];
  if (ms < 1000) {
    std::snprintf(buffer, sizeof buffer, "%lldms", static_cast<long long>(ms));
  } else if (ms < 60'000) {
    // Tenths, truncated so that 59.99s never prints as "60.0s".
    std::snprintf(buffer, sizeof buffer, "%lld.%llds", static_cast<long long>(ms / 1000),
                  static_cast<long long>(ms % 1000 / 100));
  } else if (ms < 3'600'000) {
    const int64_t seconds = ms / 1000;
    std::snprintf(buffer, sizeof buffer, "%lldm%02llds", static_cast<long long>(seconds / 60),
                  static_cast<long long>(seconds % 60));
  } else {
    const int64_t minutes = ms / 60'000;
    std::snprintf(buffer, sizeof buffer, "%lldh%02lldm", static_cast<long long>(minutes / 60),
                  static_cast<long long>(minutes % 60));
  }
  return buffer;
}

}  // namespace s3mirror
