// Option helpers shared by the commands: the global options, finding the command name among the
// arguments, and reading option values (sizes, durations, choices) into typed values with usage
// errors that name the option. Option values are declared as strings and parsed here, so that a bad
// value is reported by us ("--part-size: ...") rather than by cxxopts.
#pragma once

#include <chrono>
#include <cstdint>
#include <cxxopts.hpp>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/settings.h"
#include "report/logger.h"
#include "util/result.h"

namespace s3mirror::cli {

inline constexpr const char* kGlobalGroup = "Global";

// Adds CLI.md's global options, --help and --version (group kGlobalGroup).
void AddGlobalOptions(cxxopts::Options& options);

// Names (without dashes, long and short) of the options in `options` that take their value from
// the next argument: "--region us-east-1". Flags and options with an implicit value (--syslog) do
// not.
std::set<std::string> OptionsTakingValues(const cxxopts::Options& options);

// The index in `args` (the arguments after the program name) of the command name: the first
// argument that is neither an option nor the value of one. nullopt when there is none before "--".
std::optional<std::size_t> FindCommandIndex(const std::vector<std::string>& args,
                                            const std::set<std::string>& value_options);

// The global flags; kUsage for a bad --addressing.
Result<config::GlobalFlags> ReadGlobalFlags(const cxxopts::ParseResult& args);
// Verbosity (-v repeatable, -q), --log-format, --syslog[=TAG]; kUsage for a bad format or -q
// with -v.
Result<report::LogOptions> ReadLogOptions(const cxxopts::ParseResult& args);

// The value of string option `name`, or `fallback` when it was not given.
std::string ReadString(const cxxopts::ParseResult& args, const std::string& name,
                       std::string fallback = "");
// Sizes ("8M") and durations ("90m") via util/units.h; the value when given, else `fallback`.
// kUsage naming the option: "--part-size: "8X" is not a size (...)".
Result<std::uint64_t> ReadSize(const cxxopts::ParseResult& args, const std::string& name,
                               std::uint64_t fallback);
Result<std::chrono::seconds> ReadDuration(const cxxopts::ParseResult& args, const std::string& name,
                                          std::chrono::seconds fallback);
// A whole number in [min, max]; kUsage naming the option and the range otherwise.
Result<std::int64_t> ReadInteger(const cxxopts::ParseResult& args, const std::string& name,
                                 std::int64_t fallback, std::int64_t min, std::int64_t max);
// One of `choices`; kUsage listing them otherwise.
Result<std::string> ReadChoice(const cxxopts::ParseResult& args, const std::string& name,
                               std::initializer_list<std::string_view> choices,
                               std::string fallback);

// cxxopts' exception message in our words: "unknown option --colour", "option --region needs a
// value".
std::string DescribeParseError(std::string_view cxxopts_message);

// The one line printed for a usage error: "s3mirror: MESSAGE (see s3mirror sync --help)";
// `command` empty: "(see s3mirror --help)".
std::string UsageLine(std::string_view message, std::string_view command);

// Writes UsageLine on log.stream; with --log-format json, as a JSON log line (level error).
void PrintUsageError(const report::LogOptions& log, std::string_view message,
                     std::string_view command);

}  // namespace s3mirror::cli
