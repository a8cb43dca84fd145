// s3mirror sync: read the options, take the lock, open the session, build the reporters, run the
// engine (sync::RunSync), decide the exit code, write the heartbeat object, report the end.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>

#include "cli/command.h"
#include "cli/exit_code.h"
#include "cli/options.h"
#include "cli/session.h"
#include "cli/signals.h"
#include "cli/sync_args.h"
#include "cli/sync_ledger.h"
#include "config/environment.h"
#include "monitor/heartbeat.h"
#include "report/log_reporter.h"
#include "report/metrics_file_reporter.h"
#include "report/progress_reporter.h"
#include "report/statsd_reporter.h"
#include "state/lock_file.h"
#include "state/process_identity.h"
#include "state/run_recorder.h"
#include "state/state_dir.h"
#include "sync/sync_run.h"

namespace s3mirror::cli {
namespace {

// Notes whether the engine reported an error itself, so that a fatal error is logged exactly once.
class ErrorWitness final : public report::Reporter {
 public:
  void OnError(const Error& /*error*/) override { seen_ = true; }
  bool seen() const { return seen_; }

 private:
  bool seen_ = false;
};

// The reporters of one run, in the order they receive events: the progress line first, so that
// it is cleared before the summary is printed.
struct Reporters {
  explicit Reporters(report::Logger& logger) : log(logger) {}

  std::unique_ptr<report::ProgressReporter> progress;
  report::LogReporter log;
  std::unique_ptr<state::RunRecorder> recorder;
  std::unique_ptr<report::StatsdReporter> statsd;
  std::unique_ptr<report::MetricsFileReporter> metrics;
  ErrorWitness errors;
  report::ReporterFanOut fanout;
};

bool ShowProgress(ProgressMode mode, const report::Logger& logger) {
  switch (mode) {
    case ProgressMode::kAlways:
      return true;
    case ProgressMode::kNever:
      return false;
    case ProgressMode::kAuto:
      break;
  }
  return logger.verbosity() >= 0 && isatty(STDERR_FILENO) == 1;
}

struct RunContext {
  const SyncRequest& request;
  Session& session;
  report::Logger& logger;
  std::string destination_id;
};

Result<std::unique_ptr<Reporters>> BuildReporters(const RunContext& run) {
  auto reporters = std::make_unique<Reporters>(run.logger);
  const SyncRequest& request = run.request;
  if (ShowProgress(request.progress, run.logger)) {
    reporters->progress =
        std::make_unique<report::ProgressReporter>(stderr, run.session.clock, &run.logger);
  }
  reporters->recorder = std::make_unique<state::RunRecorder>(state::RunRecorderOptions{
      .state_dir = run.session.settings.state_dir,
      .destination_id = run.destination_id,
      .destination_url = request.destination_url,
      .pid = static_cast<int>(getpid()),
      .host = state::HostName(),
      .clock = &run.session.clock,
      .local_dir = request.options.local_dir,
  });
  if (!request.statsd.empty()) {
    auto statsd = report::StatsdReporter::Create(request.statsd, request.statsd_prefix);
    if (!statsd) return Fail(ErrorKind::kUsage, statsd.error().message);  // names --statsd
    reporters->statsd = std::move(*statsd);
  }
  if (!request.metrics_file.empty()) {
    reporters->metrics = std::make_unique<report::MetricsFileReporter>(
        request.metrics_file, request.destination_url, run.session.clock);
  }
  for (report::Reporter* sink : std::initializer_list<report::Reporter*>{
           reporters->progress.get(), &reporters->log, reporters->recorder.get(),
           reporters->statsd.get(), reporters->metrics.get(), &reporters->errors}) {
    if (sink != nullptr) reporters->fanout.Add(sink);
  }
  return reporters;
}

// Consistent with ExitCodeForRun: a signal first, then the fatal error, then failures.
report::Outcome OutcomeOf(const sync::SyncResult& result, int signal_number, bool dry_run) {
  if (signal_number != 0) return report::Outcome::kInterrupted;
  if (result.fatal) {
    if (result.fatal->kind == ErrorKind::kSafety) return report::Outcome::kRefused;
    if (result.fatal->kind == ErrorKind::kCancelled) return report::Outcome::kInterrupted;
    return report::Outcome::kFailed;
  }
  if (result.summary.failed > 0) return report::Outcome::kPartial;
  return dry_run ? report::Outcome::kDryRun : report::Outcome::kSuccess;
}

// The heartbeat object says "a run succeeded at this time"; monitoring reads its Last-Modified.
// Its requests (the PUT, with retries and corrections) join `summary`'s request counts and its
// retries `summary.retries`: the counts are everything the sync command sent, and the history,
// status, statsd and the metrics file read them from the summary that OnFinished gets after this.
// The object's body shows the run's summary as it was before its own PUT (the body names no
// request counts).
Status WriteHeartbeat(const RunContext& run, report::RunSummary& summary) {
  const monitor::HeartbeatInfo info{
      .time = run.session.clock.Now(), .host = state::HostName(), .last_run = summary};
  s3::ObjectSettings settings;
  settings.content_type = monitor::kHeartbeatContentType;
  const std::string& key = run.request.heartbeat_key;
  s3::Client client(
      s3::ClientContext{.transport = *run.session.transport,
                        .signer = *run.session.signer,
                        .builder = *run.session.builder,
                        .retry = http::RetryPolicy{},
                        .on_retry = [&summary](std::string_view, const Error&, int,
                                               std::chrono::milliseconds) { ++summary.retries; }});
  const http::RequestCounts before = run.session.counted->counts();
  Status put = client.PutObject(key, monitor::HeartbeatBody(info), settings);
  summary.request_counts += run.session.counted->counts().Since(before);
  summary.requests = summary.request_counts.Total();
  if (!put) {
    Error error = put.error();
    error.message = "writing the heartbeat object s3://" + run.request.options.bucket + "/" + key +
                    ": " + error.message;
    return Fail(std::move(error));
  }
  run.logger.Info("heartbeat object written: s3://" + run.request.options.bucket + "/" + key);
  return {};
}

void WarnAboutWriteErrors(const Reporters& reporters, report::Logger& logger) {
  if (auto error = reporters.recorder->write_error()) {
    logger.Warning("could not record the run in the state dir: " + error->message);
  }
  if (reporters.metrics && reporters.metrics->write_error()) {
    logger.Warning("could not write --metrics-file: " + reporters.metrics->write_error()->message);
  }
}

// /etc/fstab and /proc/self/mountinfo, or the files S3MIRROR_FSTAB and S3MIRROR_MOUNTINFO name
// (for tests; man page, ENVIRONMENT).
sync::MountTables MountTablesFromEnvironment() {
  const config::SystemEnvironment environment;
  const sync::MountTables system;
  return sync::MountTables{
      .fstab = environment.Get("S3MIRROR_FSTAB").value_or(system.fstab),
      .mountinfo = environment.Get("S3MIRROR_MOUNTINFO").value_or(system.mountinfo)};
}

// --delete-after-missing's kept objects, then the deletion journal and the run manifest.
void ReportGraceAndLedger(const RunContext& run, const Reporters& reporters,
                          const sync::SyncResult& result, report::Outcome outcome) {
  if (!result.kept_note.empty() && run.logger.verbosity() >= 0) {
    run.logger.Output(report::LogLevel::kNotice, result.kept_note);
  }
  const LedgerContext context{.state_dir = run.session.settings.state_dir,
                              .destination_id = run.destination_id,
                              .request = &run.request,
                              .options = &run.request.options,
                              .pid = static_cast<int>(getpid()),
                              .started_at = reporters.recorder->started_at(),
                              .now = run.session.clock.Now()};
  if (std::optional<Error> error = RecordRunLedger(context, result, outcome)) {
    run.logger.Warning("could not record the run in the state dir: " + error->message);
  }
}

// Runs the engine with every reporter and finishes the summary; returns the exit code.
int RunAndReport(const RunContext& run, Reporters& reporters) {
  sync::SyncOptions options = run.request.options;
  if (options.use_hash_cache) {
    options.hash_cache_path =
        state::HashCachePath(run.session.settings.state_dir, run.destination_id);
  }
  options.mount_tables = MountTablesFromEnvironment();
  options.header_record_path =
      state::HeaderRecordPath(run.session.settings.state_dir, run.destination_id);
  if (options.delete_after_missing > 0) {
    options.missing_counts_path =
        state::MissingCountsPath(run.session.settings.state_dir, run.destination_id);
  }
  const CancelSignals signals;
  run.logger.Announce("sync started: " + options.local_dir + " -> s3://" + options.bucket + "/" +
                      options.prefix + (options.dry_run ? " (dry run)" : "") + ", pid " +
                      std::to_string(getpid()));
  sync::SyncEnvironment environment{.transport = *run.session.transport,
                                    .signer = *run.session.signer,
                                    .builder = *run.session.builder,
                                    .reporter = reporters.fanout,
                                    .clock = run.session.clock,
                                    .cancel = &signals.received(),
                                    .counted = run.session.counted.get()};
  const sync::SyncResult result = sync::RunSync(options, environment);
  if (result.fatal && !reporters.errors.seen()) reporters.fanout.OnError(*result.fatal);

  const int signal_number = signals.received().load();
  report::RunSummary summary = result.summary;
  summary.outcome = OutcomeOf(result, signal_number, options.dry_run);
  summary.exit_code = ExitCodeForRun(result.fatal, signal_number, summary.failed);
  ReportGraceAndLedger(run, reporters, result, summary.outcome);
  if (!run.request.heartbeat_key.empty() && summary.exit_code == kExitOk && !options.dry_run) {
    if (Status written = WriteHeartbeat(run, summary); !written) {
      reporters.fanout.OnError(written.error());
      summary.exit_code = ExitCodeFor(written.error());
    }
  }
  reporters.fanout.OnFinished(summary);
  WarnAboutWriteErrors(reporters, run.logger);
  return summary.exit_code;
}

// Everything after the lock: session, credentials, state dir, reporters, the run.
int RunLocked(const Invocation& invocation, const SyncRequest& request, report::Logger& logger) {
  const auto fatal = [&logger](const Error& error) {
    logger.Error(report::DescribeError(error, logger.verbosity() >= 2));
    return ExitCodeFor(error);
  };
  auto session = OpenSession(invocation, request.options.bucket, request.options.concurrency,
                             request.payload_signing);
  if (!session) return fatal(session.error());
  if (Status protection = CheckPayloadProtection(request, (*session)->settings.endpoint.scheme);
      !protection) {
    return fatal(protection.error());
  }
  if (Status checked = CheckCredentials(**session, logger); !checked) {
    return fatal(checked.error());
  }
  AnnounceCorrections(**session, logger);
  if (Status created = state::EnsureStateDir((*session)->settings.state_dir); !created) {
    return fatal(created.error());
  }
  const RunContext run{
      .request = request,
      .session = **session,
      .logger = logger,
      .destination_id = state::DestinationId(request.options.bucket, request.options.prefix),
  };
  auto reporters = BuildReporters(run);
  if (!reporters) return fatal(reporters.error());
  return RunAndReport(run, **reporters);
}

int RunSyncCommand(const Invocation& invocation) {
  report::Logger logger(invocation.log);
  Result<SyncRequest> request = ReadSyncRequest(invocation.args, invocation.positionals);
  if (!request) {
    PrintUsageError(invocation.log, request.error().message, "sync");
    return kExitUsage;
  }
  std::optional<state::LockFile> lock;
  if (!request->lock_path.empty()) {
    Result<state::LockFile> acquired = state::LockFile::Acquire(request->lock_path);
    if (!acquired) {
      logger.Error(acquired.error().message);
      // A held lock is kLocked (75); a lock file that cannot be opened is a configuration error.
      return acquired.error().kind == ErrorKind::kLocked ? kExitLocked : kExitUsage;
    }
    lock.emplace(std::move(*acquired));
  }
  return RunLocked(invocation, *request, logger);
}

}  // namespace

const Command kSyncCommand = {
    .name = "sync",
    .usage = "sync [OPTIONS] LOCAL_DIR s3://BUCKET[/PREFIX]",
    .summary =
        "make s3://BUCKET/PREFIX an exact copy of LOCAL_DIR (uploads; deletes with --delete)",
    .add_options = AddSyncOptions,
    .run = RunSyncCommand,
};

}  // namespace s3mirror::cli
