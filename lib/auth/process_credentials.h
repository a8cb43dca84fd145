// credential_process: credentials printed by a program named in a profile of the shared AWS config
// (the AWS CLI's "sourcing credentials with an external process"). The command line is split as
// the AWS CLI splits it on POSIX (shlex: whitespace separates, '...' is literal, "..." allows \"
// and \\, a backslash outside quotes escapes the next character) and run without a shell, stdin
// from /dev/null, stderr passed through, the environment inherited. Its stdout must be JSON:
//   {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...", "SessionToken": "...",
//    "Expiration": "2026-11-25T18:00:00Z"}       (SessionToken and Expiration optional)
// The stdout is never logged or put in a message: it holds the secret.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "auth/credentials.h"
#include "util/result.h"

namespace s3mirror::auth {

inline constexpr std::chrono::seconds kCredentialProcessTimeout{60};

// The argument vector of `command`; kConfig for an unterminated quote or an empty command.
Result<std::vector<std::string>> SplitCommandLine(std::string_view command);

// The process's JSON as Credentials with `source`; kAuth naming `source` (never the document) when
// it is not JSON, not Version 1, lacks a key, or has an unreadable Expiration.
Result<Credentials> ParseProcessCredentials(std::string_view output, const std::string& source);

struct CredentialProcess {
  std::string command;  // the credential_process value
  std::string source;   // "credential_process of profile NAME", starts every message
  std::chrono::milliseconds timeout = kCredentialProcessTimeout;
};

// Runs the process and parses what it printed. kAuth naming the source when it cannot be started,
// exits non-zero or by a signal, runs longer than `timeout` (it is killed), prints more than 1 MiB
// or prints something that is not credentials; kConfig when the command line does not split.
Result<Credentials> RunCredentialProcess(const CredentialProcess& process);

}  // namespace s3mirror::auth
