// The three renderings of a StatusReport. Pure (local time for people comes from the TZ setting).
//   text    for a person: the state line, the running run (pid, since when, phase, progress, rate,
//           ETA), lock and heartbeat, the last runs as a table and a sparkline of their durations.
//   JSON    one document with stable keys (kStatusSchemaVersion): schema_version, now, state,
//           summary, thresholds, running{...}|null, last_runs[...], heartbeat{url, last_modified,
//           age_seconds, error}|null, lock{path, locked, holder_pid, error}|null. Times are ISO
//           8601 UTC; unknown values are null.
//   Nagios  one line, "S3MIRROR OK - heartbeat 5m old, last run success 3m ago |
//           age=300s;7200;86400 duration=42s files=123"; the exit code is int(report.state).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "monitor/status.h"

namespace s3mirror::monitor {

inline constexpr int kStatusSchemaVersion = 1;

std::string FormatStatusText(const StatusReport& report);    // several lines, each ending "\n"
std::string FormatStatusJson(const StatusReport& report);    // pretty-printed, ends "\n"
std::string FormatStatusNagios(const StatusReport& report);  // one line, ends "\n"

// One block character (▁▂▃▄▅▆▇█) per duration, scaled to the largest; empty for no durations.
std::string Sparkline(const std::vector<std::chrono::milliseconds>& durations);

}  // namespace s3mirror::monitor
