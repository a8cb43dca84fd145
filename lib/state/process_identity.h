// Whether the process that wrote a state file still runs. A pid alone is not enough: after a crash
// the kernel may give the same pid to an unrelated process, so the state file also records the
// process start time (field 22 of /proc/<pid>/stat, clock ticks since boot) and both must match.
#pragma once

#include <cstdint>
#include <string>

namespace s3mirror::state {

// Start time of `pid` in clock ticks since boot; 0 when the process does not exist or /proc is not
// readable.
std::uint64_t ProcessStartTicks(int pid);

// True when `pid` exists (kill(pid, 0) succeeds or fails with EPERM) and, when `start_ticks` is not
// 0 and the start time is readable, started at `start_ticks`.
bool ProcessAlive(int pid, std::uint64_t start_ticks);

// This machine's host name ("unknown" when it cannot be read).
std::string HostName();

}  // namespace s3mirror::state
