#include "sync/plan/dry_run_report.h"

#include <string>

namespace s3mirror::sync {

void ReportDryRun(const DryRunPlan& planned, report::Reporter& reporter) {
  const std::string prefix(planned.prefix);
  for (const PlannedUpload& upload : planned.plan.uploads) {
    const LocalFile& file = planned.files[upload.local_index];
    reporter.OnUploadPlanned(prefix + file.path, file.size);
  }
  for (const std::string& key : planned.plan.deletes) reporter.OnDeletePlanned(prefix + key);
  for (const HeaderRepair& repair : planned.repairs) {
    reporter.OnHeaderRepairPlanned(prefix + planned.files[repair.local_index].path,
                                   repair.check_first);
  }
}

}  // namespace s3mirror::sync
