#include "cli/options.h"

#include <catch2/catch.hpp>

#include "parse_args.h"

namespace s3mirror::cli {
namespace {

const std::set<std::string> kValueOptions = {"region", "profile", "endpoint-url", "lock", "x"};

std::optional<std::size_t> CommandIndex(const std::vector<std::string>& args) {
  return FindCommandIndex(args, kValueOptions);
}

// The message of the usage error cxxopts raises for `args`, in our words.
std::string ParseErrorOf(const std::vector<std::string>& args) {
  try {
    ParseArgs(nullptr, args);
  } catch (const cxxopts::exceptions::exception& error) {
    return DescribeParseError(error.what());
  }
  return "no error";
}

}  // namespace

TEST_CASE("FindCommandIndex finds the command after global options") {
  CHECK(CommandIndex({"sync", "dir", "s3://b"}) == 0u);
  CHECK(CommandIndex({"-v", "--region", "eu-west-1", "sync", "dir"}) == 3u);
  CHECK(CommandIndex({"--region=eu-west-1", "status"}) == 1u);
}

TEST_CASE("FindCommandIndex skips an option value that looks like a command") {
  CHECK(CommandIndex({"--profile", "sync", "sync", "dir", "s3://b"}) == 2u);
  CHECK(CommandIndex({"-vx", "sync", "status"}) == 2u);  // -x takes the next argument
  CHECK(CommandIndex({"-xsync", "status"}) == 1u);       // -x takes the rest of the cluster
}

TEST_CASE("FindCommandIndex finds no command among options only or after --") {
  CHECK_FALSE(CommandIndex({"--help"}).has_value());
  CHECK_FALSE(CommandIndex({"--region", "sync"}).has_value());
  CHECK_FALSE(CommandIndex({"-v", "--", "sync"}).has_value());
  CHECK_FALSE(CommandIndex({}).has_value());
}

TEST_CASE("OptionsTakingValues lists options with values but not flags") {
  cxxopts::Options options("s3mirror");
  AddGlobalOptions(options);
  const std::set<std::string> names = OptionsTakingValues(options);
  CHECK(names.contains("region"));
  CHECK(names.contains("log-format"));
  CHECK_FALSE(names.contains("verbose"));
  CHECK_FALSE(names.contains("v"));
  CHECK_FALSE(names.contains("syslog"));  // --syslog[=TAG]: the tag is never the next argument
}

TEST_CASE("ReadLogOptions counts -v and reads --log-format and --syslog") {
  const auto parsed = ParseArgs(nullptr, {"-vv", "--log-format", "json", "--syslog"});
  const Result<report::LogOptions> log = ReadLogOptions(parsed);
  REQUIRE(log.has_value());
  CHECK(log->verbosity == 2);
  CHECK(log->format == report::LogFormat::kJson);
  CHECK(log->syslog_tag == "s3mirror");
}

TEST_CASE("ReadLogOptions takes a syslog tag after = only") {
  const auto parsed = ParseArgs(nullptr, {"--syslog=mirror-web", "-q"});
  const Result<report::LogOptions> log = ReadLogOptions(parsed);
  REQUIRE(log.has_value());
  CHECK(log->syslog_tag == "mirror-web");
  CHECK(log->verbosity == -1);
  CHECK(ParseArgs(nullptr, {"--syslog", "sync"}).unmatched() == std::vector<std::string>{"sync"});
}

TEST_CASE("ReadLogOptions refuses -q with -v and an unknown log format") {
  CHECK_FALSE(ReadLogOptions(ParseArgs(nullptr, {"-q", "-v"})).has_value());
  const Result<report::LogOptions> xml = ReadLogOptions(ParseArgs(nullptr, {"--log-format=xml"}));
  REQUIRE_FALSE(xml.has_value());
  CHECK(xml.error().kind == ErrorKind::kUsage);
  CHECK(xml.error().message == "--log-format: \"xml\" is not one of text, json");
}

TEST_CASE("ReadGlobalFlags reads the global options and checks --addressing") {
  const auto parsed =
      ParseArgs(nullptr, {"--endpoint-url", "http://127.0.0.1:9000", "--region", "eu-west-1",
                          "--addressing", "path", "--state-dir", "/s"});
  const Result<config::GlobalFlags> flags = ReadGlobalFlags(parsed);
  REQUIRE(flags.has_value());
  CHECK(flags->endpoint_url == "http://127.0.0.1:9000");
  CHECK(flags->region == "eu-west-1");
  CHECK(flags->addressing == "path");
  CHECK(flags->state_dir == "/s");
  CHECK(flags->profile.empty());
  CHECK_FALSE(ReadGlobalFlags(ParseArgs(nullptr, {"--addressing", "sideways"})).has_value());
}

TEST_CASE("DescribeParseError names the option in our words") {
  CHECK(ParseErrorOf({"--colour"}) == "unknown option --colour");
  CHECK(ParseErrorOf({"-z"}) == "unknown option -z");
  CHECK(ParseErrorOf({"--region"}) == "option --region needs a value");
  CHECK(ParseErrorOf({"--verbose=yes"}) == "flags take no value, not \"yes\"");
}

TEST_CASE("UsageLine points to the right help") {
  CHECK(UsageLine("unknown option --x", "sync") ==
        "s3mirror: unknown option --x (see s3mirror sync --help)");
  CHECK(UsageLine("no command given", "") == "s3mirror: no command given (see s3mirror --help)");
}

}  // namespace s3mirror::cli
