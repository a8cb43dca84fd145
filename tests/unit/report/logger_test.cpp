#include "report/logger.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "captured_stream.h"

namespace s3mirror::report {
namespace {

// 2026-11-25T14:43:03.120Z
const auto kTime = std::chrono::system_clock::time_point(std::chrono::milliseconds(1795617783120));

struct LoggerOutput {
  CapturedStream err;
  CapturedStream out;
  LogOptions Options(int verbosity, LogFormat format = LogFormat::kText) {
    return LogOptions{
        .verbosity = verbosity, .format = format, .stream = err.file(), .output = out.file()};
  }
};

}  // namespace

TEST_CASE("FormatLogLine prefixes errors and warnings with the program name") {
  CHECK(FormatLogLine(LogFormat::kText, LogLevel::kError, "no credentials", kTime) ==
        "s3mirror: error: no credentials");
  CHECK(FormatLogLine(LogFormat::kText, LogLevel::kWarning, "skipping link a", kTime) ==
        "s3mirror: warning: skipping link a");
  CHECK(FormatLogLine(LogFormat::kText, LogLevel::kDebug, "phase: listing", kTime) ==
        "s3mirror: debug: phase: listing");
}

TEST_CASE("FormatLogLine writes notices and info lines plainly") {
  CHECK(FormatLogLine(LogFormat::kText, LogLevel::kInfo, "upload a.html (5.0 KiB)", kTime) ==
        "upload a.html (5.0 KiB)");
  CHECK(FormatLogLine(LogFormat::kText, LogLevel::kNotice, "scanned 1 file", kTime) ==
        "scanned 1 file");
}

TEST_CASE("FormatLogLine escapes control characters so a file name cannot split a line") {
  CHECK(FormatLogLine(LogFormat::kText, LogLevel::kInfo, "upload a\nb\tc\x1b[K", kTime) ==
        "upload a\\nb\\tc\\x1b[K");
}

TEST_CASE("FormatLogLine writes JSON with UTC time, level and message") {
  const std::string line =
      FormatLogLine(LogFormat::kJson, LogLevel::kWarning, "say \"hi\"\n", kTime);
  CHECK(line == R"({"time":"2026-11-25T14:43:03.120Z","level":"warning","msg":"say \"hi\"\n"})");
}

TEST_CASE("FormatLogLine replaces invalid UTF-8 in JSON instead of failing") {
  const std::string line =
      FormatLogLine(LogFormat::kJson, LogLevel::kError, "bad \xff name", kTime);
  const auto parsed = nlohmann::json::parse(line);
  CHECK(parsed["msg"] == "bad \xEF\xBF\xBD name");
}

TEST_CASE("Logger shows warnings but not info lines by default") {
  LoggerOutput output;
  {
    Logger logger(output.Options(0));
    logger.Info("upload a");
    logger.Warning("careful");
    logger.Notice("done");
  }
  CHECK(output.err.text() == "s3mirror: warning: careful\ndone\n");
}

TEST_CASE("Logger announces the start of a run on the stream only with -v") {
  LoggerOutput quiet;
  {
    Logger logger(quiet.Options(0));
    logger.Announce("sync started");
  }
  CHECK(quiet.err.text().empty());
  LoggerOutput verbose;
  {
    Logger logger(verbose.Options(1));
    logger.Announce("sync started");
  }
  CHECK(verbose.err.text() == "sync started\n");
}

TEST_CASE("Logger with --quiet shows errors only") {
  LoggerOutput output;
  {
    Logger logger(output.Options(-1));
    logger.Warning("careful");
    logger.Error("broken");
    CHECK_FALSE(logger.Enabled(LogLevel::kNotice));
  }
  CHECK(output.err.text() == "s3mirror: error: broken\n");
}

TEST_CASE("Logger with -v shows info lines and with -vv debug lines") {
  LoggerOutput output;
  {
    Logger verbose(output.Options(1));
    verbose.Info("upload a");
    verbose.Debug("phase: scanning");
    Logger very_verbose(output.Options(2));
    very_verbose.Debug("phase: listing");
  }
  CHECK(output.err.text() == "upload a\ns3mirror: debug: phase: listing\n");
}

TEST_CASE("Logger::Output writes result lines on stdout in text format whatever the verbosity") {
  LoggerOutput output;
  {
    Logger logger(output.Options(-1));
    logger.Output(LogLevel::kInfo, "would delete old.html");
  }
  CHECK(output.out.text() == "would delete old.html\n");
  CHECK(output.err.text().empty());
}

TEST_CASE("Logger::Output writes JSON log lines on the log stream in JSON format") {
  LoggerOutput output;
  {
    Logger logger(output.Options(0, LogFormat::kJson));
    logger.Output(LogLevel::kNotice, "scanned 2 files");
  }
  CHECK(output.out.text().empty());
  const auto parsed = nlohmann::json::parse(output.err.text());
  CHECK(parsed["level"] == "notice");
  CHECK(parsed["msg"] == "scanned 2 files");
}

TEST_CASE("Logger clears and redraws the progress line around each log line") {
  LoggerOutput output;
  std::string events;
  {
    Logger logger(output.Options(0));
    logger.set_around_line([](void* c) { *static_cast<std::string*>(c) += "clear,"; },
                           [](void* c) { *static_cast<std::string*>(c) += "redraw,"; }, &events);
    logger.Warning("w");
    logger.Info("not shown");
  }
  CHECK(events == "clear,redraw,");
}

}  // namespace s3mirror::report
