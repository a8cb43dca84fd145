// PlanHeaderRepairs: which unchanged objects get their headers repaired this run. Pure.
//   - every unchanged object whose recorded fingerprint is known and differs from the desired one
//     (the rules or the header flags changed): copied, no HEAD needed;
//   - with --fix-headers, an audit: unchanged objects in key order from the record's cursor
//     (wrapping around once), at most `audit_budget` of them, are HEAD'ed and copied when their
//     stored headers differ. Objects already repaired by the first rule are skipped. The cursor
//     returned is where the next run's audit resumes.
// "Unchanged" means: same size remotely and not planned for upload (uploads get the desired
// headers anyway).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sync/headers/header_record.h"
#include "sync/listing/merge_join.h"
#include "sync/sync_types.h"

namespace s3mirror::sync {

inline constexpr std::uint64_t kDefaultFixHeadersBudget = 10000;  // HEADs per run

struct HeaderRepairInput {
  const std::vector<LocalFile>& local;
  const std::vector<SameSizePair>& same_size;
  const std::vector<PlannedUpload>& uploads;  // Plan::uploads, in key order
  // Desired fingerprint per local file; empty when the header settings did not change (then only
  // the audit can find objects to repair).
  const std::vector<std::uint64_t>& desired;
  const HeaderRecord& record;
  bool audit = false;  // --fix-headers
  std::uint64_t audit_budget = kDefaultFixHeadersBudget;
};

struct HeaderRepairPlan {
  std::vector<HeaderRepair> repairs{};
  std::string next_cursor{};  // for HeaderRecord::audit_cursor
  std::uint64_t audited = 0;
};

HeaderRepairPlan PlanHeaderRepairs(const HeaderRepairInput& input);

}  // namespace s3mirror::sync
