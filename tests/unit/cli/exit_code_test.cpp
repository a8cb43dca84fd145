#include "cli/exit_code.h"

#include <catch2/catch.hpp>
#include <csignal>

namespace s3mirror::cli {
namespace {

Error ErrorOf(ErrorKind kind) {
  Error error;
  error.kind = kind;
  return error;
}

}  // namespace

TEST_CASE("ExitCodeFor gives 2 for usage and configuration errors") {
  CHECK(ExitCodeFor(ErrorOf(ErrorKind::kUsage)) == 2);
  CHECK(ExitCodeFor(ErrorOf(ErrorKind::kConfig)) == 2);
}

TEST_CASE("ExitCodeFor gives 3 when the destination cannot be reached or used") {
  for (ErrorKind kind : {ErrorKind::kAuth, ErrorKind::kNotFound, ErrorKind::kNetwork,
                         ErrorKind::kThrottled, ErrorKind::kServer}) {
    CHECK(ExitCodeFor(ErrorOf(kind)) == kExitDestination);
  }
}

TEST_CASE("ExitCodeFor gives 4 for refusals, 75 for a held lock and 130 for an interruption") {
  CHECK(ExitCodeFor(ErrorOf(ErrorKind::kSafety)) == 4);
  CHECK(ExitCodeFor(ErrorOf(ErrorKind::kLocked)) == 75);
  CHECK(ExitCodeFor(ErrorOf(ErrorKind::kCancelled)) == 130);
}

TEST_CASE("ExitCodeFor gives 1 for local and internal failures") {
  CHECK(ExitCodeFor(ErrorOf(ErrorKind::kLocalIo)) == 1);
  CHECK(ExitCodeFor(ErrorOf(ErrorKind::kInternal)) == 1);
}

TEST_CASE("ExitCodeForRun lets a fatal error decide") {
  CHECK(ExitCodeForRun(ErrorOf(ErrorKind::kSafety), 0, 3) == 4);
  CHECK(ExitCodeForRun(ErrorOf(ErrorKind::kAuth), 0, 0) == 3);
}

TEST_CASE("ExitCodeForRun tells SIGTERM from SIGINT") {
  CHECK(ExitCodeForRun(ErrorOf(ErrorKind::kCancelled), SIGTERM, 0) == 143);
  CHECK(ExitCodeForRun(ErrorOf(ErrorKind::kCancelled), SIGINT, 0) == 130);
  CHECK(ExitCodeForRun(std::nullopt, SIGTERM, 2) == 143);
}

TEST_CASE("ExitCodeForRun lets a signal win over the errors that followed it") {
  CHECK(ExitCodeForRun(ErrorOf(ErrorKind::kNetwork), SIGTERM, 0) == 143);
}

TEST_CASE("ExitCodeForRun gives 1 when files failed and 0 otherwise") {
  CHECK(ExitCodeForRun(std::nullopt, 0, 2) == 1);
  CHECK(ExitCodeForRun(std::nullopt, 0, 0) == 0);
}

}  // namespace s3mirror::cli
