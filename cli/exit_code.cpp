#include "cli/exit_code.h"

#include <csignal>

namespace s3mirror::cli {

int ExitCodeFor(const Error& error) {
  switch (error.kind) {
    case ErrorKind::kUsage:
    case ErrorKind::kConfig:
      return kExitUsage;
    case ErrorKind::kAuth:
    case ErrorKind::kNetwork:
    case ErrorKind::kThrottled:
    case ErrorKind::kServer:
    case ErrorKind::kNotFound:
      return kExitDestination;
    case ErrorKind::kSafety:
      return kExitSafety;
    case ErrorKind::kLocked:
      return kExitLocked;
    case ErrorKind::kCancelled:
      return kExitSigint;
    // A run that could not read its source (or hit a bug) did not do its job, but neither the
    // destination nor the command line is to blame: the generic failure code.
    case ErrorKind::kLocalIo:
    case ErrorKind::kSourceChanged:
    case ErrorKind::kInternal:
      return kExitPartial;
  }
  return kExitPartial;
}

int ExitCodeForSignal(int signal_number) {
  return signal_number == SIGTERM ? kExitSigterm : kExitSigint;
}

// A signal wins over a fatal error: errors after it are usually its consequence (aborted
// requests), and a supervisor stopping the job expects 143.
int ExitCodeForRun(const std::optional<Error>& fatal, int signal_number, std::uint64_t failed) {
  if (signal_number != 0) return ExitCodeForSignal(signal_number);
  if (fatal) return ExitCodeFor(*fatal);
  return failed > 0 ? kExitPartial : kExitOk;
}

}  // namespace s3mirror::cli
