#include "http/retry.h"

#include <algorithm>
#include <cstdint>

namespace s3mirror::http {

bool IsRetryable(const Error& error) {
  switch (error.kind) {
    case ErrorKind::kNetwork:
    case ErrorKind::kThrottled:
    case ErrorKind::kServer:
      return true;
    default:
      return false;
  }
}

// Full jitter (AWS architecture blog "Exponential Backoff And Jitter"):
//   delay = random01 * min(cap, base * 2^retry), then at least Retry-After.
std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int retry, double random01,
                                       const Error& error) {
  const std::int64_t cap = std::max<std::int64_t>(policy.cap.count(), 0);
  std::int64_t ceiling = std::max<std::int64_t>(policy.base.count(), 0);
  for (int i = 0; i < retry && ceiling < cap; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap);
  const double fraction = std::clamp(random01, 0.0, 1.0);
  auto delay = static_cast<std::int64_t>(fraction * static_cast<double>(ceiling));
  if (delay >= ceiling && ceiling > 0) delay = ceiling - 1;  // the interval is half-open
  if (error.retry_after_s >= 0) {
    delay = std::max<std::int64_t>(delay, std::int64_t{error.retry_after_s} * 1000);
  }
  return std::chrono::milliseconds(delay);
}

}  // namespace s3mirror::http
