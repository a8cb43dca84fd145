// Exit codes of sync and heartbeat (CLI.md "Exit codes"). The error kind alone decides the code of
// a fatal error, here and nowhere else.
#pragma once

#include <cstdint>
#include <optional>

#include "util/result.h"

namespace s3mirror::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitPartial = 1;      // ran, but some files failed
inline constexpr int kExitUsage = 2;        // bad usage or configuration
inline constexpr int kExitDestination = 3;  // could not reach or use the destination
inline constexpr int kExitSafety = 4;       // refused: deletion guard, LOCAL_DIR empty or missing
inline constexpr int kExitLocked = 75;      // EX_TEMPFAIL: the lock is held by another run
inline constexpr int kExitSigint = 130;     // 128 + SIGINT
inline constexpr int kExitSigterm = 143;    // 128 + SIGTERM

// The exit code for a run stopped by `error`. kCancelled gives kExitSigint; use ExitCodeForSignal
// when the signal is known.
int ExitCodeFor(const Error& error);

// kExitSigterm for SIGTERM, kExitSigint for SIGINT and anything else.
int ExitCodeForSignal(int signal_number);

// The exit code of a finished sync run: a signal received during it (`signal_number` != 0) decides;
// then a fatal error; then per-file failures.
int ExitCodeForRun(const std::optional<Error>& fatal, int signal_number, std::uint64_t failed);

}  // namespace s3mirror::cli
