#include "http/transport.h"

#include <chrono>

namespace s3mirror::http {

Result<Response> RunOne(Transport& transport, Request request) {
  const ExchangeId id = transport.Start(std::move(request));
  // Transports enforce their own connect and low-speed timeouts, so waiting in slices is bounded.
  while (true) {
    for (Completion& completion : transport.Wait(std::chrono::milliseconds(1000))) {
      if (completion.id == id) return std::move(completion.response);
    }
    if (transport.InFlight() == 0) {
      return Fail(ErrorKind::kInternal, "the transport lost an exchange it had started");
    }
  }
}

}  // namespace s3mirror::http
