#include "http/retry.h"

#include <catch2/catch.hpp>

namespace s3mirror::http {
namespace {

Error ErrorOf(ErrorKind kind, int retry_after_s = -1) {
  Error error;
  error.kind = kind;
  error.retry_after_s = retry_after_s;
  return error;
}

TEST_CASE("IsRetryable accepts network, throttling and server errors only") {
  CHECK(IsRetryable(ErrorOf(ErrorKind::kNetwork)));
  CHECK(IsRetryable(ErrorOf(ErrorKind::kThrottled)));
  CHECK(IsRetryable(ErrorOf(ErrorKind::kServer)));
  for (ErrorKind kind :
       {ErrorKind::kUsage, ErrorKind::kConfig, ErrorKind::kAuth, ErrorKind::kNotFound,
        ErrorKind::kLocalIo, ErrorKind::kSourceChanged, ErrorKind::kSafety, ErrorKind::kLocked,
        ErrorKind::kCancelled, ErrorKind::kInternal}) {
    CHECK_FALSE(IsRetryable(ErrorOf(kind)));
  }
}

TEST_CASE("BackoffDelay grows exponentially within the full-jitter bound") {
  const RetryPolicy policy{.max_attempts = 8,
                           .base = std::chrono::milliseconds(200),
                           .cap = std::chrono::milliseconds(20000)};
  const Error error = ErrorOf(ErrorKind::kServer);
  CHECK(BackoffDelay(policy, 1, 0.0, error).count() == 0);
  CHECK(BackoffDelay(policy, 1, 0.5, error).count() == 200);  // half of 400
  CHECK(BackoffDelay(policy, 3, 0.5, error).count() == 800);  // half of 1600
  CHECK(BackoffDelay(policy, 1, 0.999999, error).count() < 400);
  for (int retry = 1; retry < 12; ++retry) {
    const auto delay = BackoffDelay(policy, retry, 0.999999, error);
    CHECK(delay.count() < 20000);
    CHECK(delay.count() >= 0);
  }
  CHECK(BackoffDelay(policy, 40, 0.5, error).count() == 10000);  // capped, no overflow
}

TEST_CASE("BackoffDelay waits at least as long as Retry-After says") {
  const RetryPolicy policy;
  CHECK(BackoffDelay(policy, 1, 0.1, ErrorOf(ErrorKind::kThrottled, 5)).count() == 5000);
  CHECK(BackoffDelay(policy, 1, 0.5, ErrorOf(ErrorKind::kThrottled, 0)).count() == 200);
}

TEST_CASE("TimeToNextRetry waits for the earliest due retry, between zero and a second") {
  using namespace std::chrono_literals;
  struct Due {
    std::chrono::steady_clock::time_point due;
  };
  const std::chrono::steady_clock::time_point now{std::chrono::seconds(100)};
  CHECK(TimeToNextRetry(std::vector<Due>{}, now) == 1000ms);
  CHECK(TimeToNextRetry(std::vector<Due>{{now + 700ms}, {now + 250ms}}, now) == 250ms);
  CHECK(TimeToNextRetry(std::vector<Due>{{now + 5s}}, now) == 1000ms);
  CHECK(TimeToNextRetry(std::vector<Due>{{now - 3s}, {now + 1ms}}, now) == 0ms);
  CHECK(TimeToNextRetry(std::vector<Due>{{now + 1500us}}, now) == 2ms);  // rounded up
}

}  // namespace
}  // namespace s3mirror::http
