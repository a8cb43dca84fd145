#include "cli/sync_ledger.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "state/deletion_journal.h"
#include "state/run_manifest.h"
#include "state/state_dir.h"

namespace s3mirror::cli {
namespace {

std::string RealPath(const std::string& path) {
  char resolved[PATH_MAX];
  return ::realpath(path.c_str(), resolved) != nullptr ? std::string(resolved) : std::string();
}

Status AppendJournal(const LedgerContext& context, const sync::SyncResult& result) {
  std::vector<state::DeletionRecord> records;
  records.reserve(result.deleted.size());
  for (const sync::RemoteObject& object : result.deleted) {
    records.push_back({.key = context.options->prefix + object.key,
                       .size = object.size,
                       .etag = object.etag.ToString(),
                       .deleted_at = context.now,
                       .destination_url = context.request->destination_url,
                       .run_pid = context.pid,
                       .run_started_at = context.started_at});
  }
  return state::AppendDeletions(
      state::DeletionJournalPath(context.state_dir, context.destination_id), records);
}

Status WriteManifest(const LedgerContext& context, const sync::SyncResult& result,
                     report::Outcome outcome) {
  const sync::SyncOptions& options = *context.options;
  state::RunManifest manifest{.destination_id = context.destination_id,
                              .destination_url = context.request->destination_url,
                              .local_dir = options.local_dir,
                              .local_dir_real = RealPath(options.local_dir),
                              .rules = {},
                              .follow_symlinks = options.follow_symlinks,
                              .delete_remote = options.delete_remote,
                              .delete_after_missing = options.delete_after_missing,
                              .hash_cache = options.use_hash_cache,
                              .finished_at = context.now,
                              .outcome = report::OutcomeName(outcome),
                              .unfinished_uploads = result.unfinished_uploads,
                              .unfinished_deletes = result.unfinished_deletes};
  for (const sync::FilterRule& rule : options.rules) {
    manifest.rules.push_back({.include = rule.include, .glob = rule.glob});
  }
  return state::WriteRunManifest(state::ManifestPath(context.state_dir, context.destination_id),
                                 manifest);
}

// The counters of --delete-after-missing count consecutive runs with it: a run without it that got
// to planning (dry runs aside) ends the series, so a later run with it starts counting afresh.
Status DropMissingCounts(const LedgerContext& context) {
  const std::string path = state::MissingCountsPath(context.state_dir, context.destination_id);
  if (::unlink(path.c_str()) == 0 || errno == ENOENT) return {};
  return Fail(ErrorKind::kLocalIo, "cannot remove " + path + ": " + std::strerror(errno));
}

}  // namespace

std::optional<Error> RecordRunLedger(const LedgerContext& context, const sync::SyncResult& result,
                                     report::Outcome outcome) {
  std::optional<Error> first;
  if (Status appended = AppendJournal(context, result); !appended) first = appended.error();
  if (result.planned && !context.options->dry_run) {
    Status written = WriteManifest(context, result, outcome);
    if (!written && !first) first = written.error();
    if (context.options->delete_after_missing == 0) {
      Status dropped = DropMissingCounts(context);
      if (!dropped && !first) first = dropped.error();
    }
  }
  return first;
}

}  // namespace s3mirror::cli
