// Logger: log lines on stderr (text or JSON) and, optionally, syslog (facility user). Verbosity:
// -1 (--quiet) errors only, 0 warnings and notices, 1 (-v) info (each upload/delete), 2 (-vv)
// debug. Messages never contain secrets (callers pass none; the logger does not see credentials).
// Thread-compatible: use one Logger from one thread at a time (the sync engine's).
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

namespace s3mirror::report {

enum class LogFormat { kText, kJson };
enum class LogLevel { kError, kWarning, kNotice, kInfo, kDebug };

struct LogOptions {
  int verbosity = 0;
  LogFormat format = LogFormat::kText;
  std::string syslog_tag{};  // empty: no syslog
  std::FILE* stream = stderr;
  std::FILE* output = stdout;  // result lines (Logger::Output) in text format
};

// "error", "warning", "notice", "info", "debug".
const char* LogLevelName(LogLevel level);

// One log line as written to the stream, without the newline. Pure.
//   text:  "s3mirror: error: MESSAGE", "s3mirror: warning: MESSAGE", "s3mirror: debug: MESSAGE";
//          notices and info lines are the plain MESSAGE. Control characters are escaped ("\n" as
//          "\\n", others as "\\xHH") so that a file name cannot split or forge a line.
//   JSON:  {"time":"2026-11-25T14:43:03.120Z","level":"error","msg":"MESSAGE"}; invalid UTF-8 in
//          MESSAGE is replaced by U+FFFD.
std::string FormatLogLine(LogFormat format, LogLevel level, std::string_view message,
                          std::chrono::system_clock::time_point time);

class Logger {
 public:
  explicit Logger(LogOptions options);
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  // Writes one line when `level` is enabled by the verbosity. Errors, warnings and notices also go
  // to syslog when enabled, whatever the verbosity (notices: start and finish of a run).
  void Log(LogLevel level, std::string_view message);
  void Error(std::string_view message) { Log(LogLevel::kError, message); }
  void Warning(std::string_view message) { Log(LogLevel::kWarning, message); }
  void Notice(std::string_view message) { Log(LogLevel::kNotice, message); }
  void Info(std::string_view message) { Log(LogLevel::kInfo, message); }
  void Debug(std::string_view message) { Log(LogLevel::kDebug, message); }

  // A result line for the user (the dry-run listing, the summary), written whatever the verbosity:
  // in text format the plain line on options.output (stdout), so that it can be piped; in JSON
  // format a JSON log line at `level` on the log stream. Also to syslog when `level` is an error,
  // warning or notice.
  void Output(LogLevel level, std::string_view message);

  // The start of a run: to syslog as a notice (so "grep TAG /var/log/syslog" shows when each run
  // began), on the stream only with -v, so cron output stays one summary line.
  void Announce(std::string_view message);

  bool Enabled(LogLevel level) const;
  int verbosity() const { return options_.verbosity; }
  LogFormat format() const { return options_.format; }

  // Called by the progress line so a log line does not tear it: set to a function that clears the
  // line before a log line is written and redraws it after. May be empty.
  void set_around_line(void (*clear)(void*), void (*redraw)(void*), void* context);

 private:
  void WriteLine(std::FILE* stream, LogLevel level, std::string_view message);
  void WriteSyslog(LogLevel level, std::string_view message);

  LogOptions options_;
  void (*clear_)(void*) = nullptr;
  void (*redraw_)(void*) = nullptr;
  void* context_ = nullptr;
};

}  // namespace s3mirror::report
