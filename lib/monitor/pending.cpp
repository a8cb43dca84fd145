// EstimatePending and the renderings of a PendingReport (see pending.h). Pure.
#include "monitor/pending.h"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_set>

#include "state/json_fields.h"
#include "sync/listing/merge_join.h"
#include "sync/scan/filter.h"
#include "util/units.h"

namespace s3mirror::monitor {
namespace {

using nlohmann::json;

// True when `key` is one of `paths` or lies under one ("p/...").
bool UnderAny(std::string_view key, const std::vector<std::string>& paths) {
  return std::any_of(paths.begin(), paths.end(), [key](const std::string& path) {
    return key == path ||
           (key.starts_with(path) && key.size() > path.size() && key[path.size()] == '/');
  });
}

std::uint32_t StoredRuns(const sync::MissingCounts& missing, std::string_view key) {
  const auto it = std::lower_bound(missing.begin(), missing.end(), key,
                                   [](const sync::MissingCount& count, std::string_view k) {
                                     return sync::KeyLess(count.key, k);
                                   });
  return it != missing.end() && it->key == key ? it->runs : 0;
}

void CountUploads(const PendingInputs& in, PendingEstimate& estimate) {
  const std::unordered_set<std::string_view> unfinished(in.manifest.unfinished_uploads.begin(),
                                                        in.manifest.unfinished_uploads.end());
  for (std::size_t i = 0; i < in.files.size(); ++i) {
    const bool known = i < in.cached.size() && in.cached[i];
    if (known && !unfinished.contains(in.files[i].path)) continue;
    ++estimate.uploads;
    estimate.upload_bytes += in.files[i].size;
  }
}

void CountDeletes(const PendingInputs& in, PendingEstimate& estimate) {
  std::unordered_set<std::string_view> present;
  for (const sync::LocalFile& file : in.files) present.insert(file.path);
  std::unordered_set<std::string_view> candidates;
  const sync::Filter filter([&] {
    std::vector<sync::FilterRule> rules;
    for (const auto& rule : in.manifest.rules) rules.push_back({rule.include, rule.glob});
    return rules;
  }());
  const auto consider = [&](std::string_view key) {
    if (present.contains(key) || !filter.Includes(key) || UnderAny(key, in.unreadable)) return;
    candidates.insert(key);
  };
  for (const std::string& path : in.cache_paths) consider(path);
  for (const sync::MissingCount& count : in.missing) consider(count.key);
  for (const std::string& key : in.manifest.unfinished_deletes) consider(key);
  const std::uint32_t after = in.manifest.delete_after_missing;
  std::uint64_t due = 0;
  for (std::string_view key : candidates) {
    if (after == 0 || StoredRuns(in.missing, key) + 1 >= after) ++due;
  }
  estimate.deletes = candidates.size();
  estimate.deletes_due = due;
}

std::string LocalTime(state::TimePoint time) {
  std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm local{};
  ::localtime_r(&t, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
  return text;
}

std::string DeletesText(const PendingEstimate& e) {
  if (!e.deletes) return "  deletions: not counted (the last run did not use --delete)\n";
  std::string text = "  deletions: " + std::to_string(*e.deletes);
  if (*e.deletes_due != *e.deletes) {
    text += " (" + std::to_string(*e.deletes_due) + " due at the next run, " +
            std::to_string(*e.deletes - *e.deletes_due) + " kept by --delete-after-missing)";
  }
  return text + "\n";
}

json OptionalCount(const std::optional<std::uint64_t>& value) {
  return value ? json(*value) : json(nullptr);
}

}  // namespace

PendingEstimate EstimatePending(const PendingInputs& in) {
  PendingEstimate estimate{.destination_url = in.manifest.destination_url,
                           .last_outcome = in.manifest.outcome,
                           .last_finished_at = in.manifest.finished_at,
                           .hash_cache = in.manifest.hash_cache,
                           .files_scanned = in.files.size()};
  CountUploads(in, estimate);
  if (in.manifest.delete_remote) CountDeletes(in, estimate);
  return estimate;
}

std::string FormatPendingText(const PendingReport& report) {
  std::string text;
  for (const std::string& warning : report.warnings) text += "warning: " + warning + "\n";
  if (report.destinations.empty()) {
    return text + "No run recorded for " + report.local_dir + ".\n";
  }
  for (const PendingEstimate& e : report.destinations) {
    text += "Pending for " + report.local_dir + " -> " + e.destination_url + " (last run " +
            e.last_outcome + ", finished " + LocalTime(e.last_finished_at) + "):\n";
    text += "  uploads: " + std::to_string(e.uploads) + " of " + std::to_string(e.files_scanned) +
            " files, " + FormatBytes(e.upload_bytes) + "\n";
    text += DeletesText(e);
    if (!e.hash_cache) {
      text += "  (the last run did not use the hash cache: files it checked count as changed)\n";
    }
  }
  return text;
}

std::string FormatPendingJson(const PendingReport& report) {
  json pending = json::array();
  for (const PendingEstimate& e : report.destinations) {
    pending.push_back({{"destination", e.destination_url},
                       {"last_run_outcome", e.last_outcome},
                       {"last_run_finished_at", state::FormatUtcIso(e.last_finished_at)},
                       {"hash_cache", e.hash_cache},
                       {"files_scanned", e.files_scanned},
                       {"uploads", e.uploads},
                       {"upload_bytes", e.upload_bytes},
                       {"deletes", OptionalCount(e.deletes)},
                       {"deletes_due", OptionalCount(e.deletes_due)}});
  }
  const json doc = {{"schema_version", 1},
                    {"local_dir", report.local_dir},
                    {"pending", pending},
                    {"warnings", report.warnings}};
  return state::JsonDump(doc, 2) + "\n";
}

}  // namespace s3mirror::monitor
