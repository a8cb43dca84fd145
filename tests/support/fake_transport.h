// FakeTransport: a scripted http::Transport for engine tests. Every started request is recorded
// (signed, as it would go on the wire). Its answer is decided when it starts: first a response
// queued for its method and path (FIFO), else the handler, else 200 with the ETag S3 would give a
// PUT (the quoted MD5 of the body). Wait returns completions in the order the exchanges started,
// `completions_per_wait` at a time; with nothing in flight it advances the FakeClock (if any) by
// the whole timeout instead of sleeping, so backoff deadlines arrive at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "http/transport.h"
#include "support/fake_clock.h"

namespace s3mirror::testing {

class FakeTransport final : public http::Transport {
 public:
  using Handler = std::function<Result<http::Response>(const http::Request&)>;

  explicit FakeTransport(FakeClock* clock = nullptr) : clock_(clock) {}

  void SetHandler(Handler handler) { handler_ = std::move(handler); }
  // Queues answers for requests with this method and path (query ignored), used in order.
  void Enqueue(const std::string& method, const std::string& path, Result<http::Response> response);

  http::ExchangeId Start(http::Request request) override;
  std::vector<http::Completion> Wait(std::chrono::milliseconds max_wait) override;
  size_t InFlight() const override { return pending_.size(); }
  void Cancel(http::ExchangeId id) override;

  const std::vector<http::Request>& requests() const { return requests_; }
  // Requests with this method whose query starts with `query_prefix`.
  std::vector<http::Request> RequestsFor(const std::string& method,
                                         const std::string& query_prefix = "") const;
  size_t max_in_flight() const { return max_in_flight_; }
  const std::vector<http::ExchangeId>& cancelled() const { return cancelled_; }
  size_t completions_per_wait = 1;

 private:
  struct Pending {
    http::ExchangeId id;
    Result<http::Response> response;
    std::uint64_t bytes;
  };
  Result<http::Response> Answer(const http::Request& request);

  FakeClock* clock_;
  Handler handler_;
  std::map<std::pair<std::string, std::string>, std::deque<Result<http::Response>>> queued_;
  std::deque<Pending> pending_;
  std::vector<http::Request> requests_;
  std::vector<http::ExchangeId> cancelled_;
  http::ExchangeId next_id_ = 1;
  size_t max_in_flight_ = 0;
};

// A response with `status`, `body` and headers.
http::Response MakeResponse(long status, std::string body = "",
                            std::vector<http::Header> headers = {});
// An S3 error document response, e.g. (503, "SlowDown").
http::Response MakeS3Error(long status, const std::string& code);
// A transport-level failure (no HTTP answer): kNetwork.
Result<http::Response> NetworkFailure(const std::string& message);
// The quoted MD5 hex S3 returns as the ETag of a PUT of `body`.
std::string PutEtag(const http::Request& request);

}  // namespace s3mirror::testing
