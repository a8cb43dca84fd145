// Retry policy: which errors are worth another attempt, and how long to wait before it
// (exponential backoff with full jitter, capped; Retry-After honoured). Pure.
#pragma once

#include <chrono>

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

}  // namespace s3mirror::http
