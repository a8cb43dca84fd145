#include "cli/signals.h"

#include <catch2/catch.hpp>
#include <csignal>

namespace s3mirror::cli {
namespace {

void* CurrentHandler(int signal_number) {
  struct sigaction current {};
  sigaction(signal_number, nullptr, &current);
  return reinterpret_cast<void*>(current.sa_handler);
}

}  // namespace

TEST_CASE("CancelSignals records the first signal and keeps running") {
  const CancelSignals signals;
  CHECK(signals.received().load() == 0);
  std::raise(SIGTERM);
  CHECK(signals.received().load() == SIGTERM);
  std::raise(SIGTERM);  // a second SIGTERM does not end the process either
  CHECK(signals.received().load() == SIGTERM);
}

TEST_CASE("CancelSignals restores the previous handlers") {
  void* const before = CurrentHandler(SIGTERM);
  {
    const CancelSignals signals;
    CHECK(CurrentHandler(SIGTERM) != before);
  }
  CHECK(CurrentHandler(SIGTERM) == before);
}

}  // namespace s3mirror::cli
