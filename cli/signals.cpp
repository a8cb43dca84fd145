#include "cli/signals.h"

#include <unistd.h>

#include <cassert>
#include <csignal>

namespace s3mirror::cli {
namespace {

// Signal handlers may only touch lock-free atomics.
static_assert(std::atomic<int>::is_always_lock_free);
std::atomic<int> received_signal{0};
std::atomic<bool> installed{false};
struct sigaction previous_int {};
struct sigaction previous_term {};

void WriteStderr(const char* text, size_t size) {
  // write(2) is async-signal-safe; its result does not matter here.
  [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, text, size);
}

extern "C" void OnCancelSignal(int signal_number) {
  int expected = 0;
  if (received_signal.compare_exchange_strong(expected, signal_number)) {
    if (signal_number == SIGINT) {
      static constexpr char kMessage[] =
          "\ns3mirror: interrupted; finishing the requests in flight (Ctrl-C again to stop now)\n";
      WriteStderr(kMessage, sizeof kMessage - 1);
    }
    return;
  }
  if (signal_number == SIGINT) _exit(130);  // second Ctrl-C: no cleanup, as promised
}

void Install(int signal_number, struct sigaction* previous) {
  struct sigaction action {};
  action.sa_handler = OnCancelSignal;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: file reads and writes elsewhere must not fail with EINTR because of us; the
  // engine notices the flag at its next wait.
  action.sa_flags = SA_RESTART;
  sigaction(signal_number, &action, previous);
}

}  // namespace

CancelSignals::CancelSignals() {
  [[maybe_unused]] const bool was_installed = installed.exchange(true);
  assert(!was_installed && "only one CancelSignals at a time");
  received_signal.store(0);
  Install(SIGINT, &previous_int);
  Install(SIGTERM, &previous_term);
}

CancelSignals::~CancelSignals() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
  installed.store(false);
}

const std::atomic<int>& CancelSignals::received() const { return received_signal; }

void IgnoreSigpipe() {
  struct sigaction action {};
  action.sa_handler = SIG_IGN;
  sigemptyset(&action.sa_mask);
  sigaction(SIGPIPE, &action, nullptr);
}

}  // namespace s3mirror::cli
