#include "report/logger.h"

#include <syslog.h>

#include <ctime>
#include <nlohmann/json.hpp>

namespace s3mirror::report {
namespace {

// "2026-11-25T14:43:03.120Z": UTC with milliseconds, sortable and unambiguous in log collectors.
std::string FormatUtcTime(std::chrono::system_clock::time_point time) {
  const auto since_epoch = time.time_since_epoch();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds);
  const std::time_t t = static_cast<std::time_t>(seconds.count());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[96];  // room for any int the format could print, to keep -Wformat-truncation quiet
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis.count()));
  return buffer;
}

// Keys are file names and may hold any byte but '/' and NUL; a newline in one must not start a
// line that looks like ours.
std::string EscapeControl(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (char c : message) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", byte);
      out += hex;
    } else {
      out += c;
    }
  }
  return out;
}

std::string TextPrefix(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return "s3mirror: error: ";
    case LogLevel::kWarning:
      return "s3mirror: warning: ";
    case LogLevel::kDebug:
      return "s3mirror: debug: ";
    case LogLevel::kNotice:
    case LogLevel::kInfo:
      return "";
  }
  return "";
}

int SyslogPriority(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return LOG_ERR;
    case LogLevel::kWarning:
      return LOG_WARNING;
    case LogLevel::kNotice:
      return LOG_NOTICE;
    case LogLevel::kInfo:
      return LOG_INFO;
    case LogLevel::kDebug:
      return LOG_DEBUG;
  }
  return LOG_NOTICE;
}

}  // namespace

const char* LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return "error";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kNotice:
      return "notice";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kDebug:
      return "debug";
  }
  return "notice";
}

std::string FormatLogLine(LogFormat format, LogLevel level, std::string_view message,
                          std::chrono::system_clock::time_point time) {
  if (format == LogFormat::kText) return TextPrefix(level) + EscapeControl(message);
  nlohmann::ordered_json line;
  line["time"] = FormatUtcTime(time);
  line["level"] = LogLevelName(level);
  line["msg"] = std::string(message);
  // replace: a file name that is not UTF-8 must not make dump() throw.
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Logger::Logger(LogOptions options) : options_(std::move(options)) {
  // openlog keeps the pointer: options_.syslog_tag lives as long as this Logger.
  if (!options_.syslog_tag.empty()) openlog(options_.syslog_tag.c_str(), LOG_PID, LOG_USER);
}

Logger::~Logger() {
  if (!options_.syslog_tag.empty()) closelog();
}

bool Logger::Enabled(LogLevel level) const {
  switch (level) {
    case LogLevel::kError:
      return true;
    case LogLevel::kWarning:
    case LogLevel::kNotice:
      return options_.verbosity >= 0;
    case LogLevel::kInfo:
      return options_.verbosity >= 1;
    case LogLevel::kDebug:
      return options_.verbosity >= 2;
  }
  return true;
}

void Logger::Log(LogLevel level, std::string_view message) {
  WriteSyslog(level, message);
  if (!Enabled(level)) return;
  WriteLine(options_.stream, level, message);
}

void Logger::Announce(std::string_view message) {
  WriteSyslog(LogLevel::kNotice, message);
  if (Enabled(LogLevel::kInfo)) WriteLine(options_.stream, LogLevel::kInfo, message);
}

void Logger::Output(LogLevel level, std::string_view message) {
  WriteSyslog(level, message);
  if (options_.format == LogFormat::kJson) {
    WriteLine(options_.stream, level, message);
  } else {
    WriteLine(options_.output, LogLevel::kNotice, message);  // kNotice: the plain line
  }
}

void Logger::set_around_line(void (*clear)(void*), void (*redraw)(void*), void* context) {
  clear_ = clear;
  redraw_ = redraw;
  context_ = context;
}

void Logger::WriteLine(std::FILE* stream, LogLevel level, std::string_view message) {
  if (stream == nullptr) return;
  std::string line =
      FormatLogLine(options_.format, level, message, std::chrono::system_clock::now());
  line += '\n';
  if (clear_ != nullptr) clear_(context_);
  // One fwrite per line: stdio locks the stream, so a line is never interleaved with another.
  std::fwrite(line.data(), 1, line.size(), stream);
  std::fflush(stream);
  if (redraw_ != nullptr) redraw_(context_);
}

void Logger::WriteSyslog(LogLevel level, std::string_view message) {
  if (options_.syslog_tag.empty()) return;
  if (level != LogLevel::kError && level != LogLevel::kWarning && level != LogLevel::kNotice)
    return;
  syslog(SyslogPriority(level), "%s", EscapeControl(message).c_str());
}

}  // namespace s3mirror::report
