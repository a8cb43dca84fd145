// SIGINT/SIGTERM during a run: the first one asks the run to stop (the engine stops starting work,
// finishes or aborts what is in flight and returns kCancelled); a second SIGINT exits at once with
// 130, for a person at a terminal who does not want to wait.
#pragma once

#include <atomic>

namespace s3mirror::cli {

// Installs the handlers while it lives and restores the previous ones when destroyed. At most one
// may exist at a time (the handlers share one process-wide flag).
class CancelSignals {
 public:
  CancelSignals();
  ~CancelSignals();
  CancelSignals(const CancelSignals&) = delete;
  CancelSignals& operator=(const CancelSignals&) = delete;

  // 0 until a signal arrives, then the number of the first one (SIGINT or SIGTERM); for
  // sync::SyncEnvironment::cancel.
  const std::atomic<int>& received() const;
};

// Writes to a closed pipe or socket must fail with EPIPE rather than kill the process (libcurl
// and OpenSSL rely on that; so does `s3mirror status | head`).
void IgnoreSigpipe();

}  // namespace s3mirror::cli
