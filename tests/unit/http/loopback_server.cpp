#include "unit/http/loopback_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace s3mirror::http::testing {
namespace {

constexpr int kPollMs = 20;

int BindLoopback(int& port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return fd;
}

// Waits until fd is readable or the server stops; false when stopping.
bool WaitReadable(int fd, const std::atomic<bool>& stopping) {
  while (!stopping.load()) {
    pollfd entry{.fd = fd, .events = POLLIN, .revents = 0};
    if (poll(&entry, 1, kPollMs) > 0) return true;
  }
  return false;
}

size_t ContentLength(const std::string& head) {
  const size_t at = head.find("\r\nContent-Length:");
  if (at == std::string::npos) return 0;
  return static_cast<size_t>(std::strtoul(head.c_str() + at + 17, nullptr, 10));
}

}  // namespace

bool ReceivedRequest::HasHeader(std::string_view name) const {
  return head.find("\r\n" + std::string(name) + ":") != std::string::npos;
}

std::string ReceivedRequest::HeaderValue(std::string_view name) const {
  const std::string marker = "\r\n" + std::string(name) + ": ";
  const size_t at = head.find(marker);
  if (at == std::string::npos) return {};
  const size_t start = at + marker.size();
  return head.substr(start, head.find("\r\n", start) - start);
}

LoopbackServer::LoopbackServer(std::function<Reply(const ReceivedRequest&)> script)
    : script_(std::move(script)) {
  listen_fd_ = BindLoopback(port_);
  listen(listen_fd_, 16);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

LoopbackServer::~LoopbackServer() {
  stopping_ = true;
  acceptor_.join();
  for (std::thread& thread : threads_) thread.join();
  close(listen_fd_);
}

std::vector<ReceivedRequest> LoopbackServer::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

void LoopbackServer::AcceptLoop() {
  while (WaitReadable(listen_fd_, stopping_)) {
    const int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    const int connection = ++connections_;
    threads_.emplace_back([this, fd, connection] { Serve(fd, connection); });
  }
}

void LoopbackServer::Serve(int fd, int connection) {
  std::string buffer;
  char chunk[65536];
  bool open = true;
  while (open && WaitReadable(fd, stopping_)) {
    const ssize_t n = read(fd, chunk, sizeof chunk);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<size_t>(n));
    // Answer every complete request in the buffer (head up to CRLFCRLF, then Content-Length).
    for (size_t end = buffer.find("\r\n\r\n"); open && end != std::string::npos;
         end = buffer.find("\r\n\r\n")) {
      ReceivedRequest request{
          .head = buffer.substr(0, end + 2), .body = "", .connection = connection};
      const size_t body_size = ContentLength(request.head);
      if (buffer.size() < end + 4 + body_size) break;
      request.body = buffer.substr(end + 4, body_size);
      buffer.erase(0, end + 4 + body_size);
      const Reply reply = script_(request);
      {
        std::lock_guard lock(mutex_);
        received_.push_back(request);
      }
      if (write(fd, reply.bytes.data(), reply.bytes.size()) < 0) open = false;
      if (reply.after == AfterReply::kReset) {
        const linger abort_on_close{.l_onoff = 1, .l_linger = 0};  // close sends RST
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
        open = false;
      } else if (reply.after == AfterReply::kStall) {
        while (WaitReadable(fd, stopping_) && read(fd, chunk, sizeof chunk) > 0) {
        }
        open = false;
      }
    }
  }
  close(fd);
}

int UnusedLoopbackPort() {
  int port = 0;
  const int fd = BindLoopback(port);
  close(fd);
  return port;
}

}  // namespace s3mirror::http::testing
