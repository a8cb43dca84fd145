// s3mirror [GLOBAL OPTIONS] COMMAND [OPTIONS] ARGS: finds the command among the arguments, parses
// the global and the command's options together (so either may come before or after the command
// name) and runs the command. Usage errors are one line on stderr and exit 2.
#include <array>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_code.h"
#include "cli/options.h"
#include "cli/signals.h"
#include "cli/version.h"
#include "util/memory.h"

namespace s3mirror::cli {
namespace {

constexpr std::array<const Command*, 3> kCommands = {&kSyncCommand, &kStatusCommand,
                                                     &kHeartbeatCommand};
constexpr std::size_t kHelpWidth = 100;

const Command* FindCommand(std::string_view name) {
  for (const Command* command : kCommands) {
    if (name == command->name) return command;
  }
  return nullptr;
}

cxxopts::Options MakeOptions(const Command* command) {
  cxxopts::Options options("s3mirror");
  options.custom_help("");
  options.set_width(kHelpWidth);
  if (command != nullptr) command->add_options(options);
  AddGlobalOptions(options);
  return options;
}

// Options of every command that take a value, so that "--profile sync sync DIR URL" finds the
// second "sync" as the command.
std::set<std::string> AllOptionsTakingValues() {
  std::set<std::string> names;
  for (const Command* command : kCommands) {
    names.merge(OptionsTakingValues(MakeOptions(command)));
  }
  return names;
}

// One group of cxxopts' option help, tidied: "Sync options:" as a heading at the margin, no blank
// lines before it, no trailing spaces where cxxopts wrapped a description.
std::string GroupHelp(const cxxopts::Options& options, const std::string& group) {
  const std::string help = options.help({group}, false);
  std::string text = group.empty() ? "Options:\n" : "";
  std::size_t start = help.find_first_not_of('\n');
  while (start != std::string::npos && start < help.size()) {
    std::size_t end = help.find('\n', start);
    if (end == std::string::npos) end = help.size();
    std::string line = help.substr(start, end - start);
    line.erase(line.find_last_not_of(' ') + 1);
    if (line.ends_with(" options:") && line.starts_with(' ')) line.erase(0, 1);
    text += line + "\n";
    start = end + 1;
  }
  return text;
}

std::string TopHelp(const cxxopts::Options& options) {
  std::string text =
      "Usage: s3mirror [GLOBAL OPTIONS] COMMAND [OPTIONS] ARGS\n"
      "       s3mirror --help | --version | COMMAND --help\n\n"
      "Keeps an S3 bucket an exact copy of a local directory tree.\n\nCommands:\n";
  for (const Command* command : kCommands) {
    char line[200];
    std::snprintf(line, sizeof line, "  %-10s %s\n", command->name, command->summary);
    text += line;
  }
  text += "\n" + GroupHelp(options, kGlobalGroup);
  text +=
      "\nOptions may come before or after the command name. Sizes accept K/M/G (binary: 8M = 8 "
      "MiB);\ndurations s/m/h/d (90m, 24h). Exit codes and the full reference: man s3mirror.\n";
  return text;
}

std::string CommandHelp(const Command& command, const cxxopts::Options& options) {
  std::string text = "Usage: s3mirror [GLOBAL OPTIONS] " + std::string(command.usage) + "\n\n" +
                     command.summary + "\n\n";
  for (const std::string& group : options.groups()) {
    if (group != kGlobalGroup) text += GroupHelp(options, group) + "\n";
  }
  text += GroupHelp(options, kGlobalGroup);
  return text;
}

// Turns cxxopts' exceptions into our usage error; returns nullopt after printing it.
std::optional<cxxopts::ParseResult> Parse(cxxopts::Options& options,
                                          const std::vector<std::string>& args,
                                          std::string_view command) {
  std::vector<const char*> argv = {"s3mirror"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  try {
    return options.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const cxxopts::exceptions::exception& error) {
    PrintUsageError(report::LogOptions{}, DescribeParseError(error.what()), command);
    return std::nullopt;
  }
}

int RunWithoutCommand(const std::vector<std::string>& args) {
  cxxopts::Options options = MakeOptions(nullptr);
  std::optional<cxxopts::ParseResult> parsed = Parse(options, args, "");
  if (!parsed) return kExitUsage;
  if (parsed->count("help") > 0) {
    std::fputs(TopHelp(options).c_str(), stdout);
    return kExitOk;
  }
  if (parsed->count("version") > 0) {
    std::fputs(VersionText().c_str(), stdout);
    return kExitOk;
  }
  const std::string message = parsed->unmatched().empty()
                                  ? "no command given (sync, status or heartbeat)"
                                  : "unexpected \"" + parsed->unmatched().front() + "\"";
  PrintUsageError(report::LogOptions{}, message, "");
  return kExitUsage;
}

int RunCommand(const Command& command, const std::vector<std::string>& args) {
  cxxopts::Options options = MakeOptions(&command);
  std::optional<cxxopts::ParseResult> parsed = Parse(options, args, command.name);
  if (!parsed) return kExitUsage;
  if (parsed->count("help") > 0) {
    std::fputs(CommandHelp(command, options).c_str(), stdout);
    return kExitOk;
  }
  if (parsed->count("version") > 0) {
    std::fputs(VersionText().c_str(), stdout);
    return kExitOk;
  }
  Result<report::LogOptions> log = ReadLogOptions(*parsed);
  if (!log) {
    PrintUsageError(report::LogOptions{}, log.error().message, command.name);
    return kExitUsage;
  }
  Result<config::GlobalFlags> flags = ReadGlobalFlags(*parsed);
  if (!flags) {
    PrintUsageError(*log, flags.error().message, command.name);
    return kExitUsage;
  }
  // Positionals are the arguments cxxopts did not match (no positional option is declared: its
  // vector values would be split at commas, and "a,b" is a fine directory name).
  const Invocation invocation{.args = *parsed,
                              .positionals = parsed->unmatched(),
                              .flags = std::move(*flags),
                              .log = std::move(*log)};
  return command.run(invocation);
}

int Dispatch(std::vector<std::string> args) {
  const std::optional<std::size_t> index = FindCommandIndex(args, AllOptionsTakingValues());
  if (!index) return RunWithoutCommand(args);
  const Command* command = FindCommand(args[*index]);
  if (command == nullptr) {
    PrintUsageError(report::LogOptions{}, "unknown command \"" + args[*index] + "\"", "");
    return kExitUsage;
  }
  args.erase(args.begin() + static_cast<std::ptrdiff_t>(*index));
  return RunCommand(*command, args);
}

}  // namespace
}  // namespace s3mirror::cli

int main(int argc, char** argv) {
  s3mirror::ConfigureAllocator();
  s3mirror::cli::IgnoreSigpipe();
  try {
    return s3mirror::cli::Dispatch(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& error) {
    // Commands do not throw; this is the last guard against a third-party exception.
    std::fprintf(stderr, "s3mirror: internal error: %s\n", error.what());
    return s3mirror::cli::kExitPartial;
  }
}
