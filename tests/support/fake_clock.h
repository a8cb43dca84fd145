// FakeClock: time that moves only when a test (or FakeTransport::Wait) advances it.
#pragma once

#include <chrono>

#include "util/clock.h"

namespace s3mirror::testing {

class FakeClock final : public Clock {
 public:
  // Wall time starts at 2024-01-02T03:04:05Z; steady time at an arbitrary epoch.
  FakeClock() : wall_(std::chrono::sys_seconds(std::chrono::seconds(1704164645))) {}

  std::chrono::system_clock::time_point Now() const override { return wall_ + elapsed_; }
  std::chrono::steady_clock::time_point Steady() const override {
    return std::chrono::steady_clock::time_point(std::chrono::hours(1)) + elapsed_;
  }
  void Advance(std::chrono::milliseconds by) { elapsed_ += by; }
  std::chrono::milliseconds elapsed() const { return elapsed_; }

 private:
  std::chrono::system_clock::time_point wall_;
  std::chrono::milliseconds elapsed_{0};
};

}  // namespace s3mirror::testing
