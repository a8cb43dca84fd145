// The heartbeat object: a small text object written after a good run (sync --heartbeat KEY) or by
// `s3mirror heartbeat`. Monitoring reads only its Last-Modified; the body is for people:
//   s3mirror heartbeat
//   time: 2026-11-25T14:43:03Z
//   host: web1
//   last_run: success                                     (when a last run is known)
//   last_run_summary: scanned 5000, uploaded 12, skipped 4988, deleted 0, failed 0,
//                     bytes 1258291, duration 3.4s
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "report/reporter.h"

namespace s3mirror::monitor {

struct HeartbeatInfo {
  std::chrono::system_clock::time_point time;
  std::string host;
  std::optional<report::RunSummary> last_run;
};

// Pure; lines end in "\n".
std::string HeartbeatBody(const HeartbeatInfo& info);

inline constexpr const char* kHeartbeatContentType = "text/plain; charset=utf-8";

}  // namespace s3mirror::monitor
