// What a sync run leaves in the state dir besides the run state and history: the deletion journal
// (state/deletion_journal.h) and the run manifest (state/run_manifest.h), from the run's result.
#pragma once

#include <optional>
#include <string>

#include "cli/sync_args.h"
#include "report/reporter.h"
#include "state/timestamp.h"
#include "sync/sync_options.h"
#include "util/result.h"

namespace s3mirror::cli {

struct LedgerContext {
  std::string state_dir;
  std::string destination_id;
  const SyncRequest* request = nullptr;
  const sync::SyncOptions* options = nullptr;  // as the run was given them
  int pid = 0;
  state::TimePoint started_at{};  // the run's start, as in its history record
  state::TimePoint now{};
};

// Appends every deleted object to the journal (whatever the outcome) and, when the run got to
// planning and was not a dry run, replaces the manifest and, without --delete-after-missing,
// removes that option's counters. Returns the first write error.
std::optional<Error> RecordRunLedger(const LedgerContext& context, const sync::SyncResult& result,
                                     report::Outcome outcome);

}  // namespace s3mirror::cli
