// StatsdReporter: run metrics over UDP in the statsd line format, sent once at OnFinished, one
// datagram per metric:
//   <prefix>.upload_duration:<ms>|ms   the run's duration
//   <prefix>.files_uploaded:<n>|c      <prefix>.files_deleted:<n>|c   <prefix>.files_failed:<n>|c
//   <prefix>.bytes_uploaded:<n>|c
//   <prefix>.requests.<type>:<n>|c     type: list get head put copy delete multipart_create
//                                      multipart_part multipart_complete multipart_abort other
//   <prefix>.requests_retried:<n>|c
//   <prefix>.answers.<kind>:<n>|c      kind: throttled server_errors network_errors
// An empty prefix leaves the names bare ("files_uploaded"). Sending is best effort: UDP errors are
// ignored, a metrics server that is down never fails a run.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "report/reporter.h"
#include "util/result.h"

namespace s3mirror::report {

class StatsdReporter final : public Reporter {
 public:
  // `host_port` is "HOST:PORT" or "[IPv6]:PORT". kUsage when it is malformed or the host does not
  // resolve; kNetwork when no socket can be opened.
  static Result<std::unique_ptr<StatsdReporter>> Create(const std::string& host_port,
                                                        const std::string& prefix);
  ~StatsdReporter() override;
  StatsdReporter(const StatsdReporter&) = delete;
  StatsdReporter& operator=(const StatsdReporter&) = delete;

  void OnFinished(const RunSummary& summary) override;

 private:
  StatsdReporter(int fd, std::string prefix) : fd_(fd), prefix_(std::move(prefix)) {}

  int fd_;  // a UDP socket connected to the statsd server
  std::string prefix_;
};

// The datagrams OnFinished sends, in order. Pure.
std::vector<std::string> StatsdLines(const std::string& prefix, const RunSummary& summary);

}  // namespace s3mirror::report
