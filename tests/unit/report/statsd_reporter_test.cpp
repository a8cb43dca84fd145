#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "report/statsd_reporter.h"

using namespace std::chrono_literals;
using s3mirror::report::StatsdReporter;

namespace {

// A UDP socket on 127.0.0.1 with a kernel-chosen port, standing in for the statsd server.
class UdpReceiver {
 public:
  UdpReceiver() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port_ = ntohs(address.sin_port);
    // Datagrams to loopback are queued before send() returns; the timeout only stops a broken
    // test from hanging.
    timeval timeout{.tv_sec = 5, .tv_usec = 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  ~UdpReceiver() { ::close(fd_); }

  int port() const { return port_; }
  std::string Receive() {
    char buffer[1500];
    ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    return n < 0 ? std::string("<nothing>") : std::string(buffer, static_cast<std::size_t>(n));
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace

TEST_CASE("StatsdReporter sends the run's metrics as statsd datagrams at the end of a run") {
  UdpReceiver server;
  auto reporter =
      StatsdReporter::Create("127.0.0.1:" + std::to_string(server.port()), "s3mirror.www");
  REQUIRE(reporter);
  s3mirror::report::RunSummary summary;
  summary.uploaded = 12;
  summary.deleted = 3;
  summary.failed = 1;
  summary.bytes_uploaded = 1258291;
  summary.duration = 3400ms;
  (*reporter)->OnFinished(summary);
  CHECK(server.Receive() == "s3mirror.www.upload_duration:3400|ms");
  CHECK(server.Receive() == "s3mirror.www.files_uploaded:12|c");
  CHECK(server.Receive() == "s3mirror.www.files_deleted:3|c");
  CHECK(server.Receive() == "s3mirror.www.files_failed:1|c");
  CHECK(server.Receive() == "s3mirror.www.bytes_uploaded:1258291|c");
}

TEST_CASE("StatsdLines leaves the names bare without a prefix") {
  auto lines = s3mirror::report::StatsdLines("", s3mirror::report::RunSummary{});
  REQUIRE(lines.size() == 20);  // 5 run metrics, 11 request types, retries, 3 answer kinds
  CHECK(lines[0] == "upload_duration:0|ms");
  CHECK(lines[4] == "bytes_uploaded:0|c");
  CHECK(lines[5] == "requests.list:0|c");
}

TEST_CASE("StatsdReporter::Create rejects an address without a port") {
  for (const char* bad : {"127.0.0.1", "127.0.0.1:", ":8125", "127.0.0.1:http"}) {
    auto reporter = StatsdReporter::Create(bad, "s3mirror");
    REQUIRE_FALSE(reporter);
    CHECK(reporter.error().kind == s3mirror::ErrorKind::kUsage);
  }
}
