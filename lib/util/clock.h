// Clock: the seam for time. Pure code takes time points as inputs; code that needs "now" takes a
// Clock so tests can use FakeClock.
#pragma once

#include <chrono>

namespace s3mirror {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;      // wall time, for signatures
  virtual std::chrono::steady_clock::time_point Steady() const = 0;   // for timeouts, durations
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
  std::chrono::steady_clock::time_point Steady() const override {
    return std::chrono::steady_clock::now();
  }
};

}  // namespace s3mirror
