#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "state/process_identity.h"

using s3mirror::state::ProcessAlive;
using s3mirror::state::ProcessStartTicks;

TEST_CASE("ProcessAlive is true for this process with its own start time") {
  std::uint64_t ticks = ProcessStartTicks(::getpid());
  REQUIRE(ticks > 0);
  CHECK(ProcessAlive(::getpid(), ticks));
  CHECK(ProcessAlive(::getpid(), 0));
}

TEST_CASE("ProcessAlive treats a pid with another start time as a reused pid") {
  CHECK_FALSE(ProcessAlive(::getpid(), ProcessStartTicks(::getpid()) + 1));
}

TEST_CASE("ProcessAlive is false for a process that has exited") {
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(0);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK_FALSE(ProcessAlive(child, 0));
  CHECK(ProcessStartTicks(child) == 0);
  CHECK_FALSE(ProcessAlive(0, 0));
}
