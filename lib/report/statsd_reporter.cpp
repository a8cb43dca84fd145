#include "report/statsd_reporter.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace s3mirror::report {
namespace {

struct HostPort {
  std::string host;
  std::string port;
};

Result<HostPort> SplitHostPort(const std::string& text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return Fail(ErrorKind::kUsage, "--statsd " + text + " is not HOST:PORT (e.g. 127.0.0.1:8125)");
  }
  HostPort result{text.substr(0, colon), text.substr(colon + 1)};
  if (result.host.size() > 2 && result.host.front() == '[' && result.host.back() == ']') {
    result.host = result.host.substr(1, result.host.size() - 2);
  }
  return result;
}

// Opens a UDP socket connected to the first address of `target` that accepts one.
Result<int> ConnectUdp(const HostPort& target, const std::string& text) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(target.host.c_str(), target.port.c_str(), &hints, &found);
  if (rc != 0) {
    return Fail(ErrorKind::kUsage, "--statsd " + text + ": " + ::gai_strerror(rc));
  }
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd >= 0 && ::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) return Fail(ErrorKind::kNetwork, "--statsd " + text + ": cannot open a UDP socket");
  return fd;
}

}  // namespace

std::vector<std::string> StatsdLines(const std::string& prefix, const RunSummary& summary) {
  std::string p = prefix.empty() ? "" : prefix + ".";
  auto counter = [&p](const char* name, std::uint64_t value) {
    return p + name + ":" + std::to_string(value) + "|c";
  };
  std::vector<std::string> lines = {
      p + "upload_duration:" + std::to_string(summary.duration.count()) + "|ms",
      counter("files_uploaded", summary.uploaded), counter("files_deleted", summary.deleted),
      counter("files_failed", summary.failed), counter("bytes_uploaded", summary.bytes_uploaded)};
  // requests.<type>, requests_retried, answers.<throttled|server_errors|network_errors>
  for (const http::NamedCount& count : http::CountsByType(summary.request_counts)) {
    lines.push_back(counter(("requests." + std::string(count.name)).c_str(), count.value));
  }
  lines.push_back(counter("requests_retried", summary.retries));
  for (const http::NamedCount& count : http::CountsByAnswer(summary.request_counts)) {
    lines.push_back(counter(("answers." + std::string(count.name)).c_str(), count.value));
  }
  return lines;
}

Result<std::unique_ptr<StatsdReporter>> StatsdReporter::Create(const std::string& host_port,
                                                               const std::string& prefix) {
  Result<HostPort> target = SplitHostPort(host_port);
  if (!target) return Fail(target.error());
  Result<int> fd = ConnectUdp(*target, host_port);
  if (!fd) return Fail(fd.error());
  return std::unique_ptr<StatsdReporter>(new StatsdReporter(*fd, prefix));
}

StatsdReporter::~StatsdReporter() { ::close(fd_); }

void StatsdReporter::OnFinished(const RunSummary& summary) {
  for (const std::string& line : StatsdLines(prefix_, summary)) {
    // Best effort by design (see header): a lost datagram only loses a metric.
    (void)::send(fd_, line.data(), line.size(), MSG_NOSIGNAL);
  }
}

}  // namespace s3mirror::report
