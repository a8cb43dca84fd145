// CountingTransport: a Transport decorator that counts every exchange it passes on, by request
// type when it starts and by answer when it completes (see request_counts.h). Wrap the one
// transport of a run in it so that every stage's requests (listing, uploads, copies, deletes) are
// counted without the stages knowing. A cancelled exchange counts as started, without an answer.
// Not thread-safe, like every Transport. Does not own `inner`, which must outlive it.
#pragma once

#include "http/request_counts.h"
#include "http/transport.h"

namespace s3mirror::http {

class CountingTransport final : public Transport {
 public:
  explicit CountingTransport(Transport& inner) : inner_(inner) {}

  ExchangeId Start(Request request) override;
  std::vector<Completion> Wait(std::chrono::milliseconds max_wait) override;
  size_t InFlight() const override { return inner_.InFlight(); }
  void Cancel(ExchangeId id) override;

  const RequestCounts& counts() const { return counts_; }

 private:
  Transport& inner_;
  RequestCounts counts_{};
};

}  // namespace s3mirror::http
