// Sizes and durations as people write them on the command line ("8M", "90m") and as we print them.
// Pure: no I/O.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.h"

namespace s3mirror {

// "8M" = 8 MiB. A non-negative integer with an optional binary multiplier K, M, G or T (either
// case), optionally followed by "B" or "iB" ("8MB", "8MiB"); a bare number is bytes ("512",
// "512B"). kUsage on anything else or on overflow, e.g. `"8X" is not a size (use a number with K, M
// or G, e.g. 8M)`.
Result<uint64_t> ParseSize(std::string_view text);

// "30s", "90m", "24h", "2d", or a bare number of seconds ("3600"). Units may be combined largest
// first: "1h30m". kUsage on anything else or on overflow.
Result<std::chrono::seconds> ParseDuration(std::string_view text);

// 512 -> "512 B", 1258291 -> "1.2 MiB" (binary units, one decimal).
std::string FormatBytes(uint64_t bytes);

// 850ms -> "850ms", 3400ms -> "3.4s", 725s -> "12m05s", 3720s -> "1h02m" (hours grow past 24).
std::string FormatDuration(std::chrono::milliseconds duration);

}  // namespace s3mirror
