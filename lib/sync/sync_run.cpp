// RunSync wires the stages: check, scan, list, diff, content check, plan, guard, execute.
#include "sync/sync_run.h"

#include <algorithm>
#include <random>
#include <thread>

#include "http/counting_transport.h"
#include "s3/client.h"
#include "sync/content/content_check.h"
#include "sync/execute/executor.h"
#include "sync/execute/run_ledger.h"
#include "sync/headers/run_headers.h"
#include "sync/listing/range_lister.h"
#include "sync/plan/deletion_guard.h"
#include "sync/plan/dry_run_report.h"
#include "sync/plan/grace_period_stage.h"
#include "sync/plan/planner.h"
#include "sync/scan/filter.h"
#include "sync/scan/scan_stage.h"
#include "sync/sync_options_check.h"
#include "sync/sync_result_notes.h"
#include "util/memory.h"

namespace s3mirror::sync {
namespace {

constexpr int kMaxHashThreads = 4;

// Threads that read and hash files: the content check's pool, the executor's read-ahead.
int HashThreads() {
  return std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, kMaxHashThreads);
}

Error Interrupted() { return {.kind = ErrorKind::kCancelled, .message = "interrupted"}; }

class Run {
 public:
  Run(const SyncOptions& options, SyncEnvironment& environment)
      : options_(options),
        env_(environment),
        filter_(options.rules),
        grace_(options_, environment.reporter),
        headers_(options_, environment.reporter),
        own_counting_(environment.transport),
        transport_(environment.counted != nullptr ? environment.transport : own_counting_),
        counted_at_start_(environment.counted != nullptr ? environment.counted->counts()
                                                         : http::RequestCounts{}),
        start_(environment.clock.Steady()) {
    // s3://bucket/site means the objects under "site/", as the header's contract has it.
    if (!options_.prefix.empty() && options_.prefix.back() != '/') options_.prefix += '/';
  }

  SyncResult Execute();

 private:
  bool Cancelled() const { return env_.cancel != nullptr && env_.cancel->load() != 0; }
  SyncResult Stop(report::Outcome outcome, Error error);
  SyncResult Finish(report::Outcome outcome);
  void OnRetry(std::string_view subject, const Error& error, int retry,
               std::chrono::milliseconds delay);
  double Random01() { return std::uniform_real_distribution<double>(0.0, 1.0)(random_); }
  Result<Diff> List(const std::vector<LocalFile>& files);
  HashCache LoadCache(const std::vector<LocalFile>& files);
  void SaveCache(const std::vector<LocalFile>& files, const HashCache& cache);
  SyncResult PlanAndApply(const ScanStage& scanned, const Diff& diff);
  Plan PlanRun(const ScanStage& scanned, const Diff& diff, HashCache& cache);
  SyncResult Apply(const Plan& planned, const std::vector<LocalFile>& files,
                   const std::vector<RemoteObject>& remote_only, HashCache& cache);
  ExecutionResult RunExecutor(const Plan& plan, const std::vector<LocalFile>& files,
                              HashCache& cache, RunLedger& ledger);
  ExecutorOptions ExecutorOptionsForRun() const;

  SyncOptions options_;
  SyncEnvironment& env_;
  const Filter filter_;
  GracePeriodStage grace_;
  RunHeaders headers_;
  http::CountingTransport own_counting_;  // env_.transport, counted when env_.counted is null
  http::Transport& transport_;            // what every stage sends through
  http::RequestCounts counted_at_start_;  // env_.counted's counts when the run started
  std::chrono::steady_clock::time_point start_;
  std::mt19937_64 random_{std::random_device{}()};  // for backoff jitter
  SyncResult result_;
};

SyncResult Run::Stop(report::Outcome outcome, Error error) {
  env_.reporter.OnError(error);
  result_.fatal = std::move(error);
  return Finish(outcome);
}

SyncResult Run::Finish(report::Outcome outcome) {
  grace_.SaveCountsFor(outcome);
  result_.summary.outcome = outcome;
  result_.summary.request_counts = env_.counted != nullptr
                                       ? env_.counted->counts().Since(counted_at_start_)
                                       : own_counting_.counts();
  result_.summary.requests = result_.summary.request_counts.Total();
  result_.summary.duration =
      std::chrono::duration_cast<std::chrono::milliseconds>(env_.clock.Steady() - start_);
  env_.reporter.OnPhase(report::Phase::kDone);
  return std::move(result_);
}

void Run::OnRetry(std::string_view subject, const Error& error, int retry,
                  std::chrono::milliseconds delay) {
  ++result_.summary.retries;
  env_.reporter.OnRetry(subject, error, retry, delay);
}

SyncResult Run::Execute() {
  if (Status valid = CheckSyncOptions(options_); !valid) {
    return Stop(report::Outcome::kFailed, std::move(valid).error());
  }
  if (Status loaded = headers_.LoadSettings(); !loaded) {
    return Stop(report::Outcome::kFailed, std::move(loaded).error());
  }
  env_.reporter.OnPhase(report::Phase::kScanning);
  Result<ScanStage> scanned = RunScanStage({.options = options_,
                                            .filter = filter_,
                                            .reporter = env_.reporter,
                                            .summary = result_.summary});
  if (!scanned) {  // every refusal is kSafety (scan_stage.h)
    const bool refused = scanned.error().kind == ErrorKind::kSafety;
    return Stop(refused ? report::Outcome::kRefused : report::Outcome::kFailed,
                std::move(scanned).error());
  }
  if (Cancelled()) return Stop(report::Outcome::kInterrupted, Interrupted());

  env_.reporter.OnPhase(report::Phase::kListing);
  Result<Diff> listed = List(scanned->scan.files);
  if (!listed) {
    const bool cancelled = listed.error().kind == ErrorKind::kCancelled;
    return Stop(cancelled ? report::Outcome::kInterrupted : report::Outcome::kFailed,
                std::move(listed).error());
  }
  ReleaseFreeMemory();  // the parsed pages
  if (Cancelled()) return Stop(report::Outcome::kInterrupted, Interrupted());

  env_.reporter.OnPhase(report::Phase::kPlanning);
  return PlanAndApply(*scanned, *listed);
}

// The listing, in key ranges split at the local keys, merged with them (range_lister.h).
Result<Diff> Run::List(const std::vector<LocalFile>& files) {
  const auto on_retry = [this](std::string_view subject, const Error& error, int retry,
                               std::chrono::milliseconds delay) {
    OnRetry(subject, error, retry, delay);
  };
  s3::Client client(s3::ClientContext{.transport = transport_,
                                      .signer = env_.signer,
                                      .builder = env_.builder,
                                      .retry = options_.retry,
                                      .on_retry = on_retry});
  RangeListEnvironment listing{
      .client = client,
      .transport = transport_,
      .signer = env_.signer,
      .builder = env_.builder,
      .clock = env_.clock,
      .random01 = [this] { return Random01(); },
      .on_page = [this](std::size_t n) { env_.reporter.OnListProgress(n); },
      .on_retry = on_retry,
      .cancel = env_.cancel};
  return ListRemoteInRanges(
      files,
      {.prefix = options_.prefix, .concurrency = options_.concurrency, .retry = options_.retry},
      listing);
}

HashCache Run::LoadCache(const std::vector<LocalFile>& files) {
  if (!options_.use_hash_cache || options_.hash_cache_path.empty()) return HashCache(files);
  Result<HashCache> cache = LoadHashCache(options_.hash_cache_path, files);
  if (cache) return std::move(cache).value();
  env_.reporter.OnWarning(cache.error().message);
  return HashCache(files);
}

// Saved after every run that got this far, failed or not: what was hashed and verified stays
// known. Not after a dry run, which changes nothing.
void Run::SaveCache(const std::vector<LocalFile>& files, const HashCache& cache) {
  if (!options_.use_hash_cache || options_.hash_cache_path.empty() || options_.dry_run) return;
  Status saved = SaveHashCache(options_.hash_cache_path, files, cache);
  if (!saved) env_.reporter.OnWarning(saved.error().message);
}

// A dry run stops after the plan; the deletion guard refuses a plan before any of it runs.
SyncResult Run::PlanAndApply(const ScanStage& scanned, const Diff& diff) {
  const std::vector<LocalFile>& files = scanned.scan.files;
  HashCache cache = LoadCache(files);
  const Plan plan = PlanRun(scanned, diff, cache);
  const Status guard = CheckDeletions(plan.deletes.size(), diff.remote_count, options_.max_delete,
                                      options_.force_delete);
  if (options_.dry_run) {
    ReportDryRun(
        {.plan = plan, .files = files, .repairs = headers_.repairs(), .prefix = options_.prefix},
        env_.reporter);
    if (!guard) return Stop(report::Outcome::kRefused, guard.error());
    return Finish(report::Outcome::kDryRun);
  }
  if (!guard) {
    SaveCache(files, cache);
    NoteUnfinished(result_, plan, files);
    return Stop(report::Outcome::kRefused, guard.error());
  }
  return Apply(plan, files, diff.remote_only, cache);
}

// The content check, the plan, the grace period's due deletes and the header repairs.
Plan Run::PlanRun(const ScanStage& scanned, const Diff& diff, HashCache& cache) {
  const std::vector<LocalFile>& files = scanned.scan.files;
  const ContentCheckResult content = CheckContent(files, diff.same_size, cache,
                                                  {.local_dir = options_.local_dir,
                                                   .part_size = options_.part_size,
                                                   .threads = HashThreads(),
                                                   .follow_symlinks = options_.follow_symlinks});
  Plan plan = BuildPlan({.local = files,
                         .diff = diff,
                         .content = content,
                         .delete_remote = options_.delete_remote,
                         .filter = &filter_,
                         .unreadable = &scanned.scan.unreadable,
                         .awkward = &scanned.awkward.kept,
                         .website_order = options_.website_order});
  if (grace_.Wanted()) grace_.ApplyTo(plan, result_);
  env_.reporter.OnPlanned({.files_scanned = files.size(),
                           .remote_objects = diff.remote_count,
                           .uploads = plan.uploads.size(),
                           .upload_bytes = plan.upload_bytes,
                           .deletes = plan.deletes.size(),
                           .skipped = plan.skipped,
                           .excluded = scanned.scan.excluded});
  result_.summary.skipped = plan.skipped;
  headers_.PlanRepairs(plan, files, diff);
  return plan;
}

SyncResult Run::Apply(const Plan& planned, const std::vector<LocalFile>& files,
                      const std::vector<RemoteObject>& remote_only, HashCache& cache) {
  // Header repairs join, and blocked deletes leave, a copy of the plan; most runs need neither.
  const bool repairs = !headers_.repairs().empty();
  const bool blocked = grace_.BlocksDeletes(planned, result_.summary.failed);
  Plan changed;
  if (repairs || blocked) {
    changed = planned;
    if (repairs) changed.header_repairs = headers_.TakeRepairs();
    if (blocked) changed.deletes.clear();
  }
  const Plan& runnable = repairs || blocked ? changed : planned;
  RunLedger ledger;
  const ExecutionResult executed = RunExecutor(runnable, files, cache, ledger);
  SaveCache(files, cache);
  headers_.SaveRecord(files, executed);
  NoteDone(
      result_, ledger,
      {.plan = planned, .files = files, .remote_only = remote_only, .prefix = options_.prefix});
  AddExecution(result_.summary, executed);
  if (executed.interrupted) {
    const int signal = env_.cancel != nullptr ? env_.cancel->load() : 0;
    return Stop(report::Outcome::kInterrupted,
                {.kind = ErrorKind::kCancelled,
                 .message = "interrupted by signal " + std::to_string(signal) +
                            " after finishing the requests in flight"});
  }
  return Finish(result_.summary.failed > 0 ? report::Outcome::kPartial : report::Outcome::kSuccess);
}

// The executor reports to the run's reporter and to `ledger`, which notes what was done.
ExecutionResult Run::RunExecutor(const Plan& plan, const std::vector<LocalFile>& files,
                                 HashCache& cache, RunLedger& ledger) {
  PosixFileReader reader(options_.follow_symlinks);
  report::ReporterFanOut reporters;
  reporters.Add(&env_.reporter);
  reporters.Add(&ledger);
  ExecutorEnvironment environment{.transport = transport_,
                                  .signer = env_.signer,
                                  .builder = env_.builder,
                                  .reporter = reporters,
                                  .clock = env_.clock,
                                  .reader = reader,
                                  .random01 = [this] { return Random01(); },
                                  .cancel = env_.cancel,
                                  .cache = &cache,
                                  .header_record = headers_.record()};
  return ExecutePlan(plan, files, ExecutorOptionsForRun(), environment);
}

ExecutorOptions Run::ExecutorOptionsForRun() const {
  return {.local_dir = options_.local_dir,
          .prefix = options_.prefix,
          .multipart_threshold = options_.multipart_threshold,
          .part_size = options_.part_size,
          .concurrency = options_.concurrency,
          .retry = options_.retry,
          .settings = options_.object_settings,
          .content_types = &headers_.types(),
          .verify_etag = options_.object_settings.sse != "aws:kms",
          .checksum = options_.checksum,
          .headers = &headers_.policy(),
          .read_ahead_threads = HashThreads(),
          .payload_sha256 = env_.signer.HashesPutPayload(
              env_.builder.endpoint().scheme, options_.checksum != s3::ChecksumAlgorithm::kNone)};
}

}  // namespace

SyncResult RunSync(const SyncOptions& options, SyncEnvironment& environment) {
  Run run(options, environment);
  return run.Execute();
}

}  // namespace s3mirror::sync
