#include "sync/headers/run_headers.h"

#include <utility>

#include "sync/headers/header_stage.h"

namespace s3mirror::sync {

Status RunHeaders::LoadSettings() {
  if (!options_.headers_file.empty()) {
    Result<HeaderRules> rules = LoadHeaderRules(options_.headers_file);
    if (!rules) return Fail(std::move(rules).error());
    rules_ = std::move(rules).value();
  }
  types_.emplace(ContentTypeOptions{.forced = options_.content_type,
                                    .fallback = options_.default_content_type,
                                    .mime_types_file = options_.mime_types_file});
  policy_.emplace(options_.object_settings, &*types_, &rules_);
  return {};
}

// The header record says which unchanged objects carry other headers than the settings now give;
// those (and, with --fix-headers, a budgeted audit) become the plan's header repairs.
void RunHeaders::PlanRepairs(const Plan& plan, const std::vector<LocalFile>& files,
                             const Diff& diff) {
  if (options_.header_record_path.empty()) return;
  HeaderStage stage = PrepareHeaderRepairs({.options = options_,
                                            .policy = *policy_,
                                            .rules = rules_,
                                            .local = files,
                                            .diff = diff,
                                            .uploads = plan.uploads});
  if (stage.warning) reporter_.OnWarning(*stage.warning);
  record_ = std::move(stage.record);
  repairs_ = std::move(stage.repairs);
  settings_fingerprint_ = stage.settings_fingerprint;
}

// Only a run that fixed everything may say the objects follow these settings; otherwise the next
// run compares every file again (objects fixed now are not copied twice: their record is new).
void RunHeaders::SaveRecord(const std::vector<LocalFile>& files, const ExecutionResult& executed) {
  if (options_.header_record_path.empty() || options_.dry_run) return;
  if (executed.failed == 0 && executed.headers_too_large == 0 && !executed.interrupted) {
    record_.settings_fingerprint = settings_fingerprint_;
  }
  Status saved = SaveHeaderRecord(options_.header_record_path, files, record_);
  if (!saved) reporter_.OnWarning(saved.error().message);
}

}  // namespace s3mirror::sync
