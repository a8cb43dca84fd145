// PrepareHeaderRepairs: the header part of a run's planning. Loads the header record from the
// state dir (a damaged one gives a warning and counts as empty: every object "unknown"), and plans
// the repairs (header_repair_plan.h). The desired header fingerprint of every file is computed
// only when the header settings changed since the record was last brought in line with them
// (HeaderRecord::settings_fingerprint): an hourly run with unchanged settings skips that work. The
// record comes back with its audit cursor advanced, for the executor to update and the run to save.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sync/headers/header_record.h"
#include "sync/headers/object_headers.h"
#include "sync/listing/merge_join.h"
#include "sync/sync_options.h"
#include "sync/sync_types.h"

namespace s3mirror::sync {

struct HeaderStageInput {
  const SyncOptions& options;  // header_record_path, fix_headers, fix_headers_budget
  const HeaderPolicy& policy;
  const HeaderRules& rules;
  const std::vector<LocalFile>& local;
  const Diff& diff;
  const std::vector<PlannedUpload>& uploads;
};

struct HeaderStage {
  HeaderRecord record{};
  std::vector<HeaderRepair> repairs{};
  std::optional<std::string> warning{};
  std::uint64_t settings_fingerprint = 0;  // of this run's settings: record it once all is fixed
};

// Fingerprint of everything that decides a file's headers: the rules, --content-type,
// --default-content-type, --cache-control, the built-in table and the mime.types file's content.
// Reads the mime.types file.
std::uint64_t HeaderSettingsFingerprint(const SyncOptions& options, const HeaderRules& rules);

HeaderStage PrepareHeaderRepairs(const HeaderStageInput& input);

}  // namespace s3mirror::sync
