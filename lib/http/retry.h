// Retry policy: which errors are worth another attempt, and how long to wait before it
// (exponential backoff with full jitter, capped; Retry-After honoured). Pure.
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

#include "util/result.h"

namespace s3mirror::http {

struct RetryPolicy {
  int max_attempts = 8;  // including the first
  std::chrono::milliseconds base{200};
  std::chrono::milliseconds cap{20000};
};

// kNetwork, kThrottled and kServer are retryable (5xx, 503 SlowDown, RequestTimeout, resets);
// everything else is not.
bool IsRetryable(const Error& error);

// Delay before retry number `retry` (1 for the first retry): uniform in [0, min(cap, base*2^retry))
// using `random01` in [0,1); at least error.retry_after_s seconds when the server sent Retry-After.
std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int retry, double random01,
                                       const Error& error);

// How long a driver loop may wait for completions: until the earliest `due` among the retries
// waiting to be sent, never negative, and at most a second (so that cancellation is noticed).
template <typename Waiting>
std::chrono::milliseconds TimeToNextRetry(const std::vector<Waiting>& waiting,
                                          std::chrono::steady_clock::time_point now) {
  constexpr std::chrono::milliseconds kIdle{1000};
  if (waiting.empty()) return kIdle;
  auto next = waiting.front().due;
  for (const Waiting& entry : waiting) next = std::min(next, entry.due);
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(next - now);
  return std::clamp(left, std::chrono::milliseconds(0), kIdle);
}

}  // namespace s3mirror::http
