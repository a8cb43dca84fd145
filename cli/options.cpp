#include "cli/options.h"

#include <charconv>

#include "util/units.h"

namespace s3mirror::cli {
namespace {

Unexpected<Error> OptionError(const std::string& name, std::string_view problem) {
  return Fail(ErrorKind::kUsage, "--" + name + ": " + std::string(problem));
}

std::string Dashed(std::string_view name) {
  return (name.size() == 1 ? "-" : "--") + std::string(name);
}

// cxxopts quotes names as ‘name’ (UTF-8 quotation marks).
constexpr std::string_view kOpenQuote = "\xE2\x80\x98";
constexpr std::string_view kCloseQuote = "\xE2\x80\x99";

std::optional<std::string> QuotedName(std::string_view message) {
  const size_t open = message.find(kOpenQuote);
  if (open == std::string_view::npos) return std::nullopt;
  const size_t start = open + kOpenQuote.size();
  const size_t close = message.find(kCloseQuote, start);
  if (close == std::string_view::npos) return std::nullopt;
  return std::string(message.substr(start, close - start));
}

std::string AsciiQuotes(std::string_view message) {
  std::string out(message);
  for (std::string_view quote : {kOpenQuote, kCloseQuote}) {
    for (size_t at = out.find(quote); at != std::string::npos; at = out.find(quote, at)) {
      out.replace(at, quote.size(), "'");
    }
  }
  return out;
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace

void AddGlobalOptions(cxxopts::Options& options) {
  // clang-format off
  options.add_options(kGlobalGroup)
      ("endpoint-url", "S3 endpoint, e.g. http://127.0.0.1:9000 (default: AWS for the region)",
       cxxopts::value<std::string>(), "URL")
      ("region", "signing region (default us-east-1)", cxxopts::value<std::string>(), "NAME")
      ("profile", "profile in the shared AWS files", cxxopts::value<std::string>(), "NAME")
      ("config", "s3cmd-style config file (default ~/.s3cfg when present)",
       cxxopts::value<std::string>(), "FILE")
      ("addressing", "bucket in the path or the host name: path, virtual or auto",
       cxxopts::value<std::string>(), "STYLE")
      ("ca-bundle", "trust these CAs for HTTPS", cxxopts::value<std::string>(), "FILE")
      ("state-dir", "run state, history and hash cache (default $S3MIRROR_STATE_DIR, "
       "$XDG_STATE_HOME/s3mirror, ~/.local/state/s3mirror)", cxxopts::value<std::string>(), "DIR")
      ("v,verbose", "more output: each upload and delete; twice: debug")
      ("q,quiet", "errors only")
      ("log-format", "log lines on stderr as text or json", cxxopts::value<std::string>(),
       "FORMAT")
      ("syslog", "also log to syslog (facility user) with TAG",
       cxxopts::value<std::string>()->implicit_value("s3mirror"), "TAG")
      ("h,help", "show this help")
      ("version", "show the version and the libraries in use");
  // clang-format on
}

std::set<std::string> OptionsTakingValues(const cxxopts::Options& options) {
  std::set<std::string> names;
  for (const std::string& group : options.groups()) {
    for (const cxxopts::HelpOptionDetails& option : options.group_help(group).options) {
      if (option.is_boolean || option.has_implicit) continue;
      if (!option.s.empty()) names.insert(option.s);
      names.insert(option.l.begin(), option.l.end());
    }
  }
  return names;
}

std::optional<std::size_t> FindCommandIndex(const std::vector<std::string>& args,
                                            const std::set<std::string>& value_options) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") return std::nullopt;
    if (arg.starts_with("--")) {
      // "--name value" consumes the next argument; "--name=value" does not.
      if (arg.find('=') == std::string::npos && value_options.contains(arg.substr(2))) ++i;
    } else if (arg.size() > 1 && arg[0] == '-') {
      // A cluster of short options ("-vq"): the first one that takes a value takes the rest of
      // the cluster, or the next argument when it is last.
      for (std::size_t j = 1; j < arg.size(); ++j) {
        if (!value_options.contains(std::string(1, arg[j]))) continue;
        if (j + 1 == arg.size()) ++i;
        break;
      }
    } else {
      return i;
    }
  }
  return std::nullopt;
}

Result<config::GlobalFlags> ReadGlobalFlags(const cxxopts::ParseResult& args) {
  Result<std::string> addressing = ReadChoice(args, "addressing", {"path", "virtual", "auto"}, "");
  if (!addressing) return Fail(addressing.error());
  config::GlobalFlags flags;
  flags.endpoint_url = ReadString(args, "endpoint-url");
  flags.region = ReadString(args, "region");
  flags.profile = ReadString(args, "profile");
  flags.config_file = ReadString(args, "config");
  flags.addressing = *addressing;
  flags.ca_bundle = ReadString(args, "ca-bundle");
  flags.state_dir = ReadString(args, "state-dir");
  return flags;
}

Result<report::LogOptions> ReadLogOptions(const cxxopts::ParseResult& args) {
  const auto verbose = static_cast<int>(args.count("verbose"));
  const bool quiet = args.count("quiet") > 0;
  if (quiet && verbose > 0) {
    return Fail(ErrorKind::kUsage, "--quiet and --verbose contradict each other; give one");
  }
  Result<std::string> format = ReadChoice(args, "log-format", {"text", "json"}, "text");
  if (!format) return Fail(format.error());
  report::LogOptions log;
  log.verbosity = quiet ? -1 : verbose;
  log.format = *format == "json" ? report::LogFormat::kJson : report::LogFormat::kText;
  if (args.count("syslog") > 0) {
    log.syslog_tag = args["syslog"].as<std::string>();
    if (log.syslog_tag.empty()) return OptionError("syslog", "the tag must not be empty");
  }
  return log;
}

std::string ReadString(const cxxopts::ParseResult& args, const std::string& name,
                       std::string fallback) {
  if (args.count(name) == 0) return fallback;
  return args[name].as<std::string>();
}

Result<std::uint64_t> ReadSize(const cxxopts::ParseResult& args, const std::string& name,
                               std::uint64_t fallback) {
  if (args.count(name) == 0) return fallback;
  Result<std::uint64_t> size = ParseSize(args[name].as<std::string>());
  if (!size) return OptionError(name, size.error().message);
  return size;
}

Result<std::chrono::seconds> ReadDuration(const cxxopts::ParseResult& args, const std::string& name,
                                          std::chrono::seconds fallback) {
  if (args.count(name) == 0) return fallback;
  Result<std::chrono::seconds> duration = ParseDuration(args[name].as<std::string>());
  if (!duration) return OptionError(name, duration.error().message);
  return duration;
}

Result<std::int64_t> ReadInteger(const cxxopts::ParseResult& args, const std::string& name,
                                 std::int64_t fallback, std::int64_t min, std::int64_t max) {
  if (args.count(name) == 0) return fallback;
  const std::string text = args[name].as<std::string>();
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return OptionError(name, "\"" + text + "\" is not a whole number from " + std::to_string(min) +
                                 " to " + std::to_string(max));
  }
  return value;
}

Result<std::string> ReadChoice(const cxxopts::ParseResult& args, const std::string& name,
                               std::initializer_list<std::string_view> choices,
                               std::string fallback) {
  if (args.count(name) == 0) return fallback;
  std::string value = args[name].as<std::string>();
  std::string listed;
  for (std::string_view choice : choices) {
    if (value == choice) return value;
    listed += (listed.empty() ? "" : ", ") + std::string(choice);
  }
  return OptionError(name, "\"" + value + "\" is not one of " + listed);
}

std::string DescribeParseError(std::string_view message) {
  const std::optional<std::string> name = QuotedName(message);
  if (!name) return AsciiQuotes(message);
  if (Contains(message, "does not exist")) return "unknown option " + Dashed(*name);
  if (Contains(message, "missing an argument") || Contains(message, "requires an argument")) {
    return "option " + Dashed(*name) + " needs a value";
  }
  if (Contains(message, "does not take an argument")) {
    return "option " + Dashed(*name) + " takes no value";
  }
  if (Contains(message, "incorrect syntax")) return "malformed option " + *name;
  // A flag given a value ("--delete=yes"): the only typed (bool) options we declare.
  if (Contains(message, "failed to parse")) return "flags take no value, not \"" + *name + "\"";
  return AsciiQuotes(message);
}

std::string UsageLine(std::string_view message, std::string_view command) {
  const std::string help =
      command.empty() ? "s3mirror --help" : "s3mirror " + std::string(command) + " --help";
  return "s3mirror: " + std::string(message) + " (see " + help + ")";
}

void PrintUsageError(const report::LogOptions& log, std::string_view message,
                     std::string_view command) {
  std::string line = UsageLine(message, command);
  if (log.format == report::LogFormat::kJson) {
    line = report::FormatLogLine(report::LogFormat::kJson, report::LogLevel::kError,
                                 line.substr(std::string_view("s3mirror: ").size()),
                                 std::chrono::system_clock::now());
  }
  line += '\n';
  std::fputs(line.c_str(), log.stream);
}

}  // namespace s3mirror::cli
