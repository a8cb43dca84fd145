// ReportDryRun: what a --dry-run tells of its plan. Each planned upload, delete and header repair
// goes to the Reporter as OnUploadPlanned (full key, size), OnDeletePlanned (full key) and
// OnHeaderRepairPlanned (full key, whether a HEAD checks first), in that order and in plan order
// within each. Sends nothing and changes nothing else.
#pragma once

#include <string_view>
#include <vector>

#include "report/reporter.h"
#include "sync/sync_types.h"

namespace s3mirror::sync {

struct DryRunPlan {
  const Plan& plan;
  const std::vector<LocalFile>& files;       // the list plan.uploads and repairs index into
  const std::vector<HeaderRepair>& repairs;  // planned beside the plan (plan.header_repairs unused)
  std::string_view prefix;                   // keys are prefix + relative path
};

void ReportDryRun(const DryRunPlan& planned, report::Reporter& reporter);

}  // namespace s3mirror::sync
