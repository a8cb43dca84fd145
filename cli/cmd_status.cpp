// `s3mirror status [OPTIONS] [s3://BUCKET/HEARTBEAT_KEY]` (CLI.md "status"): gathers the state
// dir, the lock and the heartbeat object, assesses them and prints text, JSON or a Nagios line.
// Exit codes: plain and --json 0 when an answer was printed, 2 on bad usage; --nagios the plugin
// codes 0/1/2/3 (bad usage is UNKNOWN, 3, as the plugin guidelines ask).
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>

#include "cli/command.h"
#include "cli/exit_code.h"
#include "cli/session.h"
#include "monitor/pending.h"
#include "monitor/status.h"
#include "monitor/status_format.h"
#include "report/logger.h"
#include "s3/endpoint.h"
#include "util/units.h"

namespace s3mirror::cli {
namespace {

enum class OutputFormat { kText, kJson, kNagios };

struct StatusArgs {
  OutputFormat format = OutputFormat::kText;
  std::string lock_path;
  monitor::StatusThresholds thresholds;
  std::size_t history_limit = 10;
  std::optional<s3::S3Url> heartbeat;  // bucket and key
  std::string heartbeat_url;
  std::string pending_dir;     // --pending DIR; empty: the usual status
  std::string pending_bucket;  // with --pending, the bucket of the URL argument, if any
};

void AddStatusOptions(cxxopts::Options& options) {
  options.add_options("status")("lock", "report whether FILE is locked and by which pid",
                                cxxopts::value<std::string>(),
                                "FILE")("json", "one JSON document instead of text")(
      "nagios", "one Nagios plugin line with perfdata; exit 0/1/2/3")(
      "warning", "heartbeat / last-success age that is a WARNING",
      cxxopts::value<std::string>()->default_value("2h"),
      "DURATION")("critical", "heartbeat / last-success age that is CRITICAL",
                  cxxopts::value<std::string>()->default_value("24h"), "DURATION")(
      "history", "how many past runs to show", cxxopts::value<int>()->default_value("10"), "N");
  options.add_options("status")(
      "pending", "how many files and bytes the next sync of DIR will upload (and delete); no network",
      cxxopts::value<std::string>(), "DIR");
}

// --pending DIR [s3://BUCKET[/PREFIX]]: the URL only picks the destinations in its bucket.
Status ReadPendingArgs(const Invocation& inv, StatusArgs& out) {
  out.pending_dir = inv.args["pending"].as<std::string>();
  if (out.pending_dir.empty()) return Fail(ErrorKind::kUsage, "--pending needs a directory");
  if (out.format == OutputFormat::kNagios) {
    return Fail(ErrorKind::kUsage, "--pending and --nagios cannot be combined");
  }
  if (inv.positionals.size() > 1) {
    return Fail(ErrorKind::kUsage, "status --pending takes at most one argument, s3://BUCKET");
  }
  if (inv.positionals.empty()) return {};
  Result<s3::S3Url> url = s3::ParseS3Url(inv.positionals[0]);
  if (!url) return Fail(ErrorKind::kUsage, inv.positionals[0] + " is not s3://BUCKET[/PREFIX]");
  out.pending_bucket = url->bucket;
  return {};
}

Result<std::chrono::seconds> ThresholdOption(const cxxopts::ParseResult& args, const char* name) {
  Result<std::chrono::seconds> value = ParseDuration(args[name].as<std::string>());
  if (!value)
    return Fail(ErrorKind::kUsage, std::string("--") + name + ": " + value.error().message);
  return value;
}

Result<StatusArgs> ParseStatusArgs(const Invocation& inv) {
  const cxxopts::ParseResult& args = inv.args;
  StatusArgs out;
  if (args.count("json") && args.count("nagios")) {
    return Fail(ErrorKind::kUsage, "--json and --nagios cannot be combined");
  }
  if (args.count("json")) out.format = OutputFormat::kJson;
  if (args.count("nagios")) out.format = OutputFormat::kNagios;
  if (args.count("lock")) out.lock_path = args["lock"].as<std::string>();
  Result<std::chrono::seconds> warning = ThresholdOption(args, "warning");
  if (!warning) return Fail(warning.error());
  Result<std::chrono::seconds> critical = ThresholdOption(args, "critical");
  if (!critical) return Fail(critical.error());
  if (*warning > *critical) {
    return Fail(ErrorKind::kUsage, "--warning must not be longer than --critical");
  }
  out.thresholds = {.warning = *warning, .critical = *critical};
  int history = args["history"].as<int>();
  if (history < 0) return Fail(ErrorKind::kUsage, "--history must be 0 or more");
  out.history_limit = static_cast<std::size_t>(history);
  if (args.count("pending")) {
    if (Status read = ReadPendingArgs(inv, out); !read) return Fail(read.error());
    return out;
  }
  if (inv.positionals.size() > 1) {
    return Fail(ErrorKind::kUsage, "status takes at most one argument, s3://BUCKET/HEARTBEAT_KEY");
  }
  if (inv.positionals.empty()) return out;
  Result<s3::S3Url> url = s3::ParseS3Url(inv.positionals[0]);
  if (!url || url->key.empty()) {
    return Fail(ErrorKind::kUsage, inv.positionals[0] + " is not s3://BUCKET/HEARTBEAT_KEY");
  }
  out.heartbeat = *url;
  out.heartbeat_url = inv.positionals[0];
  return out;
}

// The state dir from the resolved settings, without opening a session (status without a heartbeat
// URL needs no credentials).
Result<std::string> StateDirFor(const Invocation& inv) {
  config::SystemEnvironment environment;
  Result<config::Settings> settings = config::ResolveSettings(inv.flags, environment);
  if (!settings) return Fail(settings.error());
  return settings->state_dir;
}

// Opens the session for the heartbeat's bucket and checks that credentials are found; on failure,
// returns the message (status still answers from the state dir, with the heartbeat unreadable).
std::string OpenCheckedSession(const Invocation& inv, const std::string& bucket,
                               std::unique_ptr<Session>& session) {
  Result<std::unique_ptr<Session>> opened = OpenSession(inv, bucket, 1);
  if (!opened) return opened.error().message;
  // Silent: the problem is reported once, in the status output, not also as a log line.
  report::LogOptions silent = inv.log;
  silent.verbosity = -1;
  silent.syslog_tag.clear();
  silent.stream = nullptr;
  report::Logger logger(silent);
  if (Status credentials = CheckCredentials(**opened, logger); !credentials) {
    return credentials.error().message;
  }
  session = std::move(*opened);
  return {};
}

Result<monitor::StatusReport> BuildReport(const Invocation& inv, const StatusArgs& args) {
  SystemClock clock;
  monitor::GatherRequest request{.state_dir = {},
                                 .bucket = args.heartbeat ? args.heartbeat->bucket : "",
                                 .lock_path = args.lock_path,
                                 .heartbeat_url = args.heartbeat_url,
                                 .heartbeat_key = args.heartbeat ? args.heartbeat->key : "",
                                 .client = nullptr,
                                 .now = clock.Now(),
                                 .thresholds = args.thresholds,
                                 .history_limit = args.history_limit};
  std::unique_ptr<Session> session;
  std::string session_error;
  if (args.heartbeat) {
    session_error = OpenCheckedSession(inv, args.heartbeat->bucket, session);
  }
  if (session) {
    request.state_dir = session->settings.state_dir;
    request.client = session->client.get();
  } else {
    Result<std::string> state_dir = StateDirFor(inv);
    if (!state_dir) return Fail(state_dir.error());
    request.state_dir = *state_dir;
    request.heartbeat_url.clear();  // observed below, as unreadable
  }
  Result<monitor::StatusInputs> inputs = monitor::GatherStatus(request);
  if (!inputs) return Fail(inputs.error());
  if (args.heartbeat && !session) {
    inputs->heartbeat = monitor::HeartbeatObservation{
        .url = args.heartbeat_url, .last_modified = std::nullopt, .error = session_error};
  }
  return monitor::AssessStatus(*inputs);
}

// status --pending DIR: text or JSON; no session, no network.
int RunPending(const Invocation& inv, const StatusArgs& args);

int ReportFailure(OutputFormat format, const Invocation& inv, const Error& error) {
  if (format == OutputFormat::kNagios) {
    std::string message = error.message;
    for (char& c : message) {
      if (c == '\n' || c == '|') c = ' ';
    }
    std::printf("S3MIRROR UNKNOWN - %s\n", message.c_str());
    return static_cast<int>(monitor::HealthState::kUnknown);
  }
  report::Logger logger(inv.log);
  logger.Error(error.message);
  return error.kind == ErrorKind::kUsage ? kExitUsage : ExitCodeFor(error);
}

int RunStatus(const Invocation& inv) {
  // cxxopts throws on a value of the wrong type; nothing may escape a command.
  OutputFormat format = inv.args.count("nagios") ? OutputFormat::kNagios : OutputFormat::kText;
  try {
    Result<StatusArgs> args = ParseStatusArgs(inv);
    if (!args) return ReportFailure(format, inv, args.error());
    format = args->format;
    if (!args->pending_dir.empty()) return RunPending(inv, *args);
    Result<monitor::StatusReport> report = BuildReport(inv, *args);
    if (!report) return ReportFailure(format, inv, report.error());
    switch (format) {
      case OutputFormat::kText:
        std::fputs(monitor::FormatStatusText(*report).c_str(), stdout);
        break;
      case OutputFormat::kJson:
        std::fputs(monitor::FormatStatusJson(*report).c_str(), stdout);
        break;
      case OutputFormat::kNagios:
        std::fputs(monitor::FormatStatusNagios(*report).c_str(), stdout);
        return static_cast<int>(report->state);
    }
    return kExitOk;
  } catch (const std::exception& e) {
    return ReportFailure(format, inv,
                         Error{.kind = ErrorKind::kUsage,
                               .message = e.what(),
                               .http_status = 0,
                               .s3_code = {},
                               .request_id = {},
                               .retry_after_s = -1});
  }
}

int RunPending(const Invocation& inv, const StatusArgs& args) {
  Result<std::string> state_dir = StateDirFor(inv);
  if (!state_dir) return ReportFailure(args.format, inv, state_dir.error());
  Result<monitor::PendingReport> report = monitor::GatherPending(
      {.state_dir = *state_dir, .local_dir = args.pending_dir, .bucket = args.pending_bucket});
  if (!report) return ReportFailure(args.format, inv, report.error());
  const std::string text = args.format == OutputFormat::kJson
                               ? monitor::FormatPendingJson(*report)
                               : monitor::FormatPendingText(*report);
  std::fputs(text.c_str(), stdout);
  return kExitOk;
}

}  // namespace

const Command kStatusCommand = {
    .name = "status",
    .usage = "status [OPTIONS] [s3://BUCKET/HEARTBEAT_KEY]",
    .summary = "is it running, did it work, is the mirror fresh?",
    .add_options = &AddStatusOptions,
    .run = &RunStatus,
};

}  // namespace s3mirror::cli
