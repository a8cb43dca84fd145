// Logger: log lines on stderr (text or JSON) and, optionally, syslog (facility user). Verbosity:
// -1 (--quiet) errors only, 0 warnings and notices, 1 (-v) info (each upload/delete), 2 (-vv) debug.
// Messages never contain secrets (callers pass none; the logger does not see credentials).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace s3mirror::report {

enum class LogFormat { kText, kJson };
enum class LogLevel { kError, kWarning, kNotice, kInfo, kDebug };

struct LogOptions {
  int verbosity = 0;
  LogFormat format = LogFormat::kText;
  std::string syslog_tag;  // empty: no syslog
  std::FILE* stream = stderr;
};

class Logger {
 public:
  explicit Logger(LogOptions options);
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  // Writes one line when `level` is enabled by the verbosity. Errors, warnings and notices also go
  // to syslog when enabled (notices: start and finish of a run).
  void Log(LogLevel level, std::string_view message);
  void Error(std::string_view message) { Log(LogLevel::kError, message); }
  void Warning(std::string_view message) { Log(LogLevel::kWarning, message); }
  void Notice(std::string_view message) { Log(LogLevel::kNotice, message); }
  void Info(std::string_view message) { Log(LogLevel::kInfo, message); }
  void Debug(std::string_view message) { Log(LogLevel::kDebug, message); }

  bool Enabled(LogLevel level) const;
  // Called by the progress line so a log line does not tear it: set to a function that clears the
  // line before a log line is written and redraws it after. May be empty.
  void set_around_line(void (*clear)(void*), void (*redraw)(void*), void* context);

 private:
  LogOptions options_;
  void (*clear_)(void*) = nullptr;
  void (*redraw_)(void*) = nullptr;
  void* context_ = nullptr;
};

}  // namespace s3mirror::report
