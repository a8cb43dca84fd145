// BuildPlan: the last pure stage: what to upload and what to delete, from the diff and the content
// check. Deletes are the remote-only keys when --delete is given, except keys the filter excludes
// and keys at or under a path the scanner could not read. Nor are the keys of awkward names that
// --awkward-names skip|fail leaves out (name_policy.h). Uploads are in key order, or with
// website_order in two stages (upload_order.h).
#pragma once

#include <string>
#include <vector>

#include "sync/content/content_check.h"
#include "sync/listing/merge_join.h"
#include "sync/scan/filter.h"
#include "sync/sync_types.h"

namespace s3mirror::sync {

class KeptAwkwardKeys;  // name_policy.h

struct PlanInput {
  const std::vector<LocalFile>& local;
  const Diff& diff;
  const ContentCheckResult& content;
  bool delete_remote = false;
  const Filter* filter = nullptr;                        // null: nothing excluded
  const std::vector<std::string>* unreadable = nullptr;  // ScanResult::unreadable
  const KeptAwkwardKeys* awkward = nullptr;              // --awkward-names skip|fail: kept keys
  bool website_order = false;  // assets first, then HTML pages (OrderForWebsite)
};

Plan BuildPlan(const PlanInput& input);

}  // namespace s3mirror::sync
