// LoopbackServer: a scripted HTTP/1.1 server on 127.0.0.1 (a free port) for transport tests. Each
// connection gets its own thread; each request on it is answered by the script, which also
// decides what happens to the connection afterwards (keep it, reset it, stall). Stops and joins
// its threads in the destructor.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace s3mirror::http::testing {

struct ReceivedRequest {
  std::string head;  // request line and headers, CRLFs included
  std::string body;
  int connection = 0;  // 1 for the first accepted connection, 2 for the next...

  bool HasHeader(std::string_view name) const;  // case-sensitive "\r\nName:" match
  std::string HeaderValue(std::string_view name) const;
};

enum class AfterReply { kKeepAlive, kReset, kStall };

struct Reply {
  std::string bytes;  // written as is: status line, headers, (part of) the body
  AfterReply after = AfterReply::kKeepAlive;
};

class LoopbackServer {
 public:
  explicit LoopbackServer(std::function<Reply(const ReceivedRequest&)> script);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  int port() const { return port_; }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }
  int connections() const { return connections_.load(); }
  std::vector<ReceivedRequest> received() const;

 private:
  void AcceptLoop();
  void Serve(int fd, int connection);

  std::function<Reply(const ReceivedRequest&)> script_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<ReceivedRequest> received_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

// A port on 127.0.0.1 where nothing listens (bound, then released).
int UnusedLoopbackPort();

}  // namespace s3mirror::http::testing
