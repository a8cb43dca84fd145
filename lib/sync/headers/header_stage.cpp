#include "sync/headers/header_stage.h"

#include "sync/headers/content_type.h"
#include "sync/headers/header_repair_plan.h"
#include "util/crypto.h"
#include "util/file.h"

namespace s3mirror::sync {

// SHA-256 over each input, each followed by a NUL; the first 8 bytes, never 0.
std::uint64_t HeaderSettingsFingerprint(const SyncOptions& options, const HeaderRules& rules) {
  std::string text;
  const auto add = [&text](std::string_view part) { text.append(part).push_back('\0'); };
  add(options.content_type);
  add(options.default_content_type);
  add(options.object_settings.cache_control);
  for (const auto& [name, value] : options.object_settings.metadata) add(name + ":" + value);
  add(BuiltInContentTypeTable());
  Result<std::optional<std::string>> mime = ReadFileIfExists(options.mime_types_file);
  add(mime && mime->has_value() ? **mime : std::string("(no mime.types)"));
  for (const HeaderRule& rule : rules.rules()) {
    add(rule.glob.pattern());
    add(rule.name);
    add(rule.value);
  }
  const std::string digest = Sha256(text);
  std::uint64_t fingerprint = 0;
  for (int i = 0; i < 8; ++i) {
    fingerprint = (fingerprint << 8) | static_cast<unsigned char>(digest[static_cast<size_t>(i)]);
  }
  return fingerprint == 0 ? 1 : fingerprint;
}

HeaderStage PrepareHeaderRepairs(const HeaderStageInput& input) {
  HeaderStage stage;
  const std::size_t count = input.local.size();
  Result<HeaderRecord> record = LoadHeaderRecord(input.options.header_record_path, input.local);
  if (record) {
    stage.record = std::move(record).value();
  } else {
    stage.warning = record.error().message;
    stage.record.fingerprints.assign(count, 0);
  }
  stage.settings_fingerprint = HeaderSettingsFingerprint(input.options, input.rules);
  std::vector<std::uint64_t> desired;  // empty: the settings did not change, nothing to compare
  if (stage.record.settings_fingerprint != stage.settings_fingerprint) {
    desired.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      desired[i] = HeaderFingerprint(input.policy.For(input.local[i].path));
    }
  }
  HeaderRepairPlan plan = PlanHeaderRepairs({.local = input.local,
                                             .same_size = input.diff.same_size,
                                             .uploads = input.uploads,
                                             .desired = desired,
                                             .record = stage.record,
                                             .audit = input.options.fix_headers,
                                             .audit_budget = input.options.fix_headers_budget});
  stage.repairs = std::move(plan.repairs);
  stage.record.audit_cursor = std::move(plan.next_cursor);
  return stage;
}

}  // namespace s3mirror::sync
