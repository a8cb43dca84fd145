#include "http/curl_transport.h"

#include <catch2/catch.hpp>

#include "unit/http/loopback_server.h"

namespace s3mirror::http {
namespace {

using testing::AfterReply;
using testing::LoopbackServer;
using testing::ReceivedRequest;
using testing::Reply;

constexpr std::chrono::milliseconds kWait{3000};

std::string Ok(std::string_view body, std::string_view extra_headers = "") {
  return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         std::string(extra_headers) + "\r\n" + std::string(body);
}

Request RequestTo(const LoopbackServer& server, std::string method, std::string path) {
  Request request;
  request.method = std::move(method);
  request.scheme = "http";
  request.host = server.host();
  request.path = std::move(path);
  return request;
}

CurlTransportOptions FastOptions() {
  return CurlTransportOptions{.ca_bundle = "",
                              .connect_timeout = std::chrono::milliseconds(2000),
                              .low_speed_limit = 1,
                              .low_speed_time = std::chrono::seconds(1),
                              .max_connections = 2,
                              .verbose = false};
}

TEST_CASE("CurlTransport reuses one keep-alive connection for consecutive requests") {
  LoopbackServer server([](const ReceivedRequest&) { return Reply{Ok("hello", "X-Seq: 1\r\n")}; });
  CurlTransport transport(FastOptions());
  for (int i = 0; i < 3; ++i) {
    auto response = RunOne(transport, RequestTo(server, "GET", "/bucket/key" + std::to_string(i)));
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body == "hello");
    REQUIRE(response->HeaderValue("x-seq") != nullptr);
    CHECK(*response->HeaderValue("x-seq") == "1");
  }
  CHECK(server.connections() == 1);
  CHECK(server.received().size() == 3);
  CHECK(server.received()[2].head.rfind("GET /bucket/key2 HTTP/1.1\r\n", 0) == 0);
}

TEST_CASE("CurlTransport runs requests in flight together within its connection limit") {
  LoopbackServer server([](const ReceivedRequest&) { return Reply{Ok("x")}; });
  CurlTransport transport(FastOptions());
  std::vector<ExchangeId> started;
  for (int i = 0; i < 6; ++i) started.push_back(transport.Start(RequestTo(server, "GET", "/k")));
  CHECK(transport.InFlight() == 6);
  std::vector<ExchangeId> finished;
  for (int round = 0; round < 50 && transport.InFlight() > 0; ++round) {
    for (Completion& completion : transport.Wait(kWait)) {
      REQUIRE(completion.response);
      CHECK(completion.response->status == 200);
      finished.push_back(completion.id);
    }
  }
  std::sort(finished.begin(), finished.end());
  CHECK(finished == started);
  CHECK(server.connections() <= 2);
  CHECK(transport.Wait(std::chrono::milliseconds(10)).empty());
}

TEST_CASE("CurlTransport sends PUT bodies with Content-Length and exactly the given headers") {
  LoopbackServer server([](const ReceivedRequest&) { return Reply{Ok("")}; });
  CurlTransport transport(FastOptions());
  Request request = RequestTo(server, "PUT", "/bucket/big");
  const std::string body(3 * 1024 * 1024 + 17, 'b');
  request.body = std::make_shared<const std::string>(body);
  request.headers = {{"Content-MD5", "abc=="}, {"x-amz-meta-empty", ""}};
  auto response = RunOne(transport, request);
  REQUIRE(response);
  CHECK(response->status == 200);
  REQUIRE(server.received().size() == 1);
  const ReceivedRequest received = server.received()[0];
  CHECK(received.head.rfind("PUT /bucket/big HTTP/1.1\r\n", 0) == 0);
  CHECK(received.body == body);
  CHECK(received.HeaderValue("Content-Length") == std::to_string(body.size()));
  CHECK(received.HeaderValue("Content-MD5") == "abc==");
  CHECK(received.HasHeader("x-amz-meta-empty"));
  CHECK_FALSE(received.HasHeader("Expect"));
  CHECK_FALSE(received.HasHeader("Accept"));
  CHECK_FALSE(received.HasHeader("Content-Type"));
  CHECK_FALSE(received.HasHeader("Transfer-Encoding"));
}

TEST_CASE("CurlTransport sends POST bodies and empty POSTs without a default Content-Type") {
  LoopbackServer server([](const ReceivedRequest&) { return Reply{Ok("<ok/>")}; });
  CurlTransport transport(FastOptions());
  Request with_body = RequestTo(server, "POST", "/bucket");
  with_body.query = "delete";
  with_body.body = std::make_shared<const std::string>("<Delete/>");
  with_body.headers = {{"Content-Type", "application/xml"}};
  REQUIRE(RunOne(transport, with_body));
  Request empty = RequestTo(server, "POST", "/bucket/k");
  empty.query = "uploads";
  REQUIRE(RunOne(transport, empty));
  const auto received = server.received();
  REQUIRE(received.size() == 2);
  CHECK(received[0].head.rfind("POST /bucket?delete HTTP/1.1\r\n", 0) == 0);
  CHECK(received[0].body == "<Delete/>");
  CHECK(received[0].HeaderValue("Content-Type") == "application/xml");
  CHECK(received[1].HeaderValue("Content-Length") == "0");
  CHECK_FALSE(received[1].HasHeader("Content-Type"));
}

TEST_CASE("CurlTransport sends HEAD without reading a body and DELETE as asked") {
  LoopbackServer server([](const ReceivedRequest& request) {
    if (request.head.rfind("HEAD", 0) == 0) {
      return Reply{"HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nETag: \"e\"\r\n\r\n"};
    }
    return Reply{"HTTP/1.1 204 No Content\r\n\r\n"};
  });
  CurlTransport transport(FastOptions());
  auto head = RunOne(transport, RequestTo(server, "HEAD", "/b/k"));
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(*head->HeaderValue("Content-Length") == "1234");
  CHECK(head->body.empty());
  auto deleted = RunOne(transport, RequestTo(server, "DELETE", "/b/k"));
  REQUIRE(deleted);
  CHECK(deleted->status == 204);
  CHECK(server.received()[1].head.rfind("DELETE /b/k HTTP/1.1", 0) == 0);
  CHECK(server.connections() == 1);
}

TEST_CASE("CurlTransport keeps only the final answer's headers and returns error statuses") {
  LoopbackServer server([](const ReceivedRequest&) {
    return Reply{
        "HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n"
        "HTTP/1.1 503 Slow Down\r\nRetry-After: 2\r\nContent-Length: 4\r\n\r\nslow"};
  });
  CurlTransport transport(FastOptions());
  auto response = RunOne(transport, RequestTo(server, "GET", "/b/k"));
  REQUIRE(response);
  CHECK(response->status == 503);
  CHECK(response->body == "slow");
  CHECK(response->HeaderValue("X-Interim") == nullptr);
  CHECK(*response->HeaderValue("retry-after") == "2");
}

TEST_CASE("CurlTransport reports a connection reset mid-answer as kNetwork") {
  LoopbackServer server([](const ReceivedRequest&) {
    return Reply{"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\npartial", AfterReply::kReset};
  });
  CurlTransport transport(FastOptions());
  auto response = RunOne(transport, RequestTo(server, "GET", "/b/k"));
  REQUIRE_FALSE(response);
  CHECK(response.error().kind == ErrorKind::kNetwork);
  CHECK(response.error().message.find(server.host()) != std::string::npos);
}

TEST_CASE("CurlTransport reports a refused connection as kNetwork at once") {
  CurlTransport transport(FastOptions());
  Request request;
  request.method = "GET";
  request.scheme = "http";
  request.host = "127.0.0.1:" + std::to_string(testing::UnusedLoopbackPort());
  request.path = "/";
  const auto started = std::chrono::steady_clock::now();
  auto response = RunOne(transport, request);
  REQUIRE_FALSE(response);
  CHECK(response.error().kind == ErrorKind::kNetwork);
  CHECK(response.error().message == "connection to " + request.host + " refused");
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));
}

TEST_CASE("CurlTransport abandons a stalled transfer after the low-speed time") {
  LoopbackServer server([](const ReceivedRequest&) {
    return Reply{"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", AfterReply::kStall};
  });
  CurlTransport transport(FastOptions());
  const auto started = std::chrono::steady_clock::now();
  auto response = RunOne(transport, RequestTo(server, "GET", "/b/k"));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  REQUIRE_FALSE(response);
  CHECK(response.error().kind == ErrorKind::kNetwork);
  CHECK(response.error().message.find("stalled") != std::string::npos);
  CHECK(elapsed >= std::chrono::milliseconds(900));
  CHECK(elapsed < std::chrono::seconds(3));
}

TEST_CASE("CurlTransport ignores the CA bundle for plain http and forgets cancelled exchanges") {
  LoopbackServer server([](const ReceivedRequest&) { return Reply{Ok("plain")}; });
  CurlTransportOptions options = FastOptions();
  options.ca_bundle = "/nonexistent/ca.pem";
  CurlTransport transport(options);
  const ExchangeId cancelled = transport.Start(RequestTo(server, "GET", "/a"));
  transport.Cancel(cancelled);
  transport.Cancel(9999);  // unknown ids are ignored
  CHECK(transport.InFlight() == 0);
  auto response = RunOne(transport, RequestTo(server, "GET", "/b"));
  REQUIRE(response);
  CHECK(response->body == "plain");
}

TEST_CASE("CurlTransport applies the CA bundle to https URLs and names it when unusable") {
  LoopbackServer server([](const ReceivedRequest&) { return Reply{Ok("")}; });
  CurlTransportOptions options = FastOptions();
  options.ca_bundle = "/nonexistent/ca.pem";
  CurlTransport transport(options);
  Request request = RequestTo(server, "GET", "/");
  request.scheme = "https";
  auto response = RunOne(transport, request);
  REQUIRE_FALSE(response);
  CHECK(response.error().kind == ErrorKind::kAuth);  // not retried: it cannot get better
  CHECK(response.error().message.find("CA bundle \"/nonexistent/ca.pem\"") != std::string::npos);
}

}  // namespace
}  // namespace s3mirror::http
