// CurlTransport: the Transport over one libcurl multi handle. Many exchanges in flight over
// reused keep-alive HTTP/1.1 connections (at most max_connections of them; more requests wait in
// libcurl's queue). Exactly request.headers are sent: libcurl's own Expect, Accept and default
// Content-Type are suppressed; PUT/POST bodies go from memory with Content-Length.
// Transport errors come back as Error{kNetwork} naming the host: "connection to 127.0.0.1:9
// refused", "TLS certificate of HOST not trusted: ...; use --ca-bundle FILE".
// This is the only file that includes <curl/curl.h>. Not thread-safe: one thread owns it.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "http/transport.h"

namespace s3mirror::http {

struct CurlTransportOptions {
  // PEM file of trusted CAs for https URLs; empty: the system store. Never used for plain http.
  std::string ca_bundle;
  std::chrono::milliseconds connect_timeout{10000};
  // A transfer slower than low_speed_limit bytes/s for low_speed_time is abandoned (kNetwork).
  long low_speed_limit = 1;
  std::chrono::seconds low_speed_time{30};
  long max_connections = 16;  // = concurrency
  bool verbose = false;       // libcurl's trace on stderr
  // At most this many bytes of an answer's body are kept; a longer answer is abandoned with
  // kServer ("answer from HOST is larger than 16 MiB"). s3mirror downloads no objects: its
  // answers are listings, errors and small results, so anything this big is a broken server.
  std::size_t max_response_bytes = std::size_t{16} << 20;
};

class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(CurlTransportOptions options);
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  ExchangeId Start(Request request) override;
  std::vector<Completion> Wait(std::chrono::milliseconds max_wait) override;
  size_t InFlight() const override;
  void Cancel(ExchangeId id) override;

 private:
  struct State;  // libcurl handles; defined in the .cpp so that curl.h stays there
  std::unique_ptr<State> state_;
};

}  // namespace s3mirror::http
