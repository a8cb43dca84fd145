// Transport: the seam between the engine and the network. One thread owns a Transport; it starts
// exchanges and collects finished ones. CurlTransport implements it over a libcurl multi handle;
// tests use scripted fakes. Not thread-safe: call from one thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "http/request.h"
#include "util/result.h"

namespace s3mirror::http {

using ExchangeId = std::uint64_t;

struct Completion {
  ExchangeId id = 0;
  // A Response for every HTTP answer, whatever its status (4xx/5xx included). An Error only when
  // no complete answer arrived: kind kNetwork (connect failure, reset, low-speed timeout, TLS).
  Result<Response> response;
  std::uint64_t bytes_sent = 0;
};

class Transport {
 public:
  virtual ~Transport() = default;

  // Starts sending `request` (already signed). Never blocks on the network.
  virtual ExchangeId Start(Request request) = 0;

  // Waits up to `max_wait` for at least one exchange to finish and returns all that finished.
  // Returns an empty vector on timeout or when nothing is in flight.
  virtual std::vector<Completion> Wait(std::chrono::milliseconds max_wait) = 0;

  // Exchanges started and not yet returned by Wait.
  virtual size_t InFlight() const = 0;

  // Abandons an exchange in flight; it is not returned by Wait. Unknown ids are ignored.
  virtual void Cancel(ExchangeId id) = 0;
};

// Runs one exchange to completion on `transport` (which must have nothing else in flight).
Result<Response> RunOne(Transport& transport, Request request);

}  // namespace s3mirror::http
