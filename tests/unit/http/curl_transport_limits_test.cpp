#include <catch2/catch.hpp>

#include "http/curl_transport.h"
#include "unit/http/loopback_server.h"

namespace s3mirror::http {
namespace {

using testing::LoopbackServer;
using testing::ReceivedRequest;
using testing::Reply;

Request GetFrom(const LoopbackServer& server) {
  Request request;
  request.method = "GET";
  request.scheme = "http";
  request.host = server.host();
  request.path = "/bucket";
  return request;
}

CurlTransportOptions SmallAnswers(std::size_t max_response_bytes) {
  CurlTransportOptions options;
  options.connect_timeout = std::chrono::milliseconds(2000);
  options.low_speed_time = std::chrono::seconds(2);
  options.max_response_bytes = max_response_bytes;
  return options;
}

Reply Answer(std::size_t body_size) {
  return Reply{"HTTP/1.1 500 Internal Server Error\r\nContent-Length: " +
               std::to_string(body_size) + "\r\n\r\n" + std::string(body_size, 'x')};
}

TEST_CASE("CurlTransport abandons an answer longer than max_response_bytes with kServer") {
  LoopbackServer server([](const ReceivedRequest&) { return Answer(64 * 1024); });
  CurlTransport transport(SmallAnswers(4096));
  auto response = RunOne(transport, GetFrom(server));
  REQUIRE_FALSE(response);
  CHECK(response.error().kind == ErrorKind::kServer);
  CHECK(response.error().message ==
        "answer from " + server.host() +
            " is larger than 4.0 KiB; abandoned (no S3 answer s3mirror reads is that big)");
}

TEST_CASE("CurlTransport keeps an answer of exactly max_response_bytes") {
  LoopbackServer server([](const ReceivedRequest&) { return Answer(4096); });
  CurlTransport transport(SmallAnswers(4096));
  auto response = RunOne(transport, GetFrom(server));
  REQUIRE(response);
  CHECK(response->status == 500);
  CHECK(response->body.size() == 4096);
}

}  // namespace
}  // namespace s3mirror::http
