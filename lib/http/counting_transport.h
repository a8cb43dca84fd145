// CountingTransport: a Transport decorator that counts every exchange it passes on, by request
// type when it starts and by answer when it completes (see request_counts.h). Put it directly
// above the transport that reaches the network, below any layer that resends (the S3 corrections),
// so that every request that goes out is counted once, whoever sent it (listing, uploads, copies,
// deletes, the heartbeat) and resends included, without the senders knowing. A cancelled exchange
// counts as started, without an answer.
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
