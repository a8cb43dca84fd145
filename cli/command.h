// The command table's contract: main.cpp finds the command name anywhere among the arguments
// (options may come before or after it), builds one cxxopts::Options with the global options plus
// the command's own (Command::add_options), parses, and calls Command::run with the result.
// A command returns its exit code (cli/exit_code.h); it never throws.
#pragma once

#include <cxxopts.hpp>
#include <string>
#include <vector>

#include "config/settings.h"
#include "report/logger.h"

namespace s3mirror::cli {

struct Invocation {
  const cxxopts::ParseResult& args;     // global and command options
  std::vector<std::string> positionals;  // after the command name, e.g. LOCAL_DIR and s3://...
  config::GlobalFlags flags;
  report::LogOptions log;  // from -v/-q, --log-format, --syslog
};

struct Command {
  const char* name;     // "sync"
  const char* usage;    // "sync [OPTIONS] LOCAL_DIR s3://BUCKET[/PREFIX]"
  const char* summary;  // one line for --help
  void (*add_options)(cxxopts::Options& options);
  int (*run)(const Invocation& invocation);
};

// Defined in cmd_sync.cpp, cmd_status.cpp, cmd_heartbeat.cpp.
extern const Command kSyncCommand;
extern const Command kStatusCommand;
extern const Command kHeartbeatCommand;

}  // namespace s3mirror::cli
