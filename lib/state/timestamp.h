// Time points as text in state files, history and JSON output: ISO 8601 UTC with seconds
// ("2026-11-25T14:43:03Z"). Pure.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace s3mirror::state {

using TimePoint = std::chrono::system_clock::time_point;

std::string FormatUtcIso(TimePoint time);
// Accepts exactly the format above; nullopt otherwise.
std::optional<TimePoint> ParseUtcIso(std::string_view text);

}  // namespace s3mirror::state
