// GatherPending: the I/O half of `status --pending DIR` (see pending.h).
#include <climits>
#include <cstdlib>
#include <filesystem>

#include "monitor/pending.h"
#include "s3/endpoint.h"
#include "state/state_dir.h"
#include "sync/content/hash_cache.h"
#include "sync/scan/local_scanner.h"

namespace s3mirror::monitor {
namespace {

std::string RealPath(const std::string& path) {
  char resolved[PATH_MAX];
  return ::realpath(path.c_str(), resolved) != nullptr ? std::string(resolved) : std::string();
}

// The last run of this destination mirrored DIR: the same directory after resolving links, or,
// when it could not be resolved then, the same spelling.
bool UsedDir(const state::RunManifest& manifest, const std::string& dir, const std::string& real) {
  if (!manifest.local_dir_real.empty()) return manifest.local_dir_real == real;
  return manifest.local_dir == dir;
}

bool InBucket(const std::string& destination_url, const std::string& bucket) {
  if (bucket.empty()) return true;
  Result<s3::S3Url> url = s3::ParseS3Url(destination_url);
  return url && url->bucket == bucket;
}

// Reads the files for one destination and estimates it; warnings go to `report`.
Result<PendingEstimate> EstimateDestination(const PendingRequest& request, const std::string& id,
                                            const state::RunManifest& manifest,
                                            PendingReport& report) {
  std::vector<sync::FilterRule> rules;
  for (const auto& rule : manifest.rules) rules.push_back({rule.include, rule.glob});
  const sync::Filter filter(rules);
  Result<sync::ScanResult> scan = sync::ScanLocal({.local_dir = request.local_dir,
                                                   .follow_symlinks = manifest.follow_symlinks,
                                                   .filter = &filter,
                                                   .on_progress = {}});
  if (!scan) return Fail(scan.error());
  const std::string cache_path = state::HashCachePath(request.state_dir, id);
  Result<sync::HashCache> cache = sync::LoadHashCache(cache_path, scan->files);
  if (!cache) report.warnings.push_back(cache.error().message);
  std::vector<bool> cached(scan->files.size(), false);
  for (std::size_t i = 0; cache && i < scan->files.size(); ++i) {
    cached[i] = cache->Find(i, sync::StampOf(scan->files[i])).has_value();
  }
  Result<std::vector<std::string>> cache_paths = sync::ListHashCachePaths(cache_path);
  if (!cache_paths && cache) report.warnings.push_back(cache_paths.error().message);
  // Counters are only those of runs with --delete-after-missing (any other run removes them).
  Result<sync::MissingCounts> missing = sync::MissingCounts{};
  if (manifest.delete_after_missing > 0) {
    missing = sync::LoadMissingCounts(state::MissingCountsPath(request.state_dir, id));
  }
  if (!missing) report.warnings.push_back(missing.error().message);
  const std::vector<std::string> no_paths;
  const sync::MissingCounts no_counts;
  return EstimatePending({.manifest = manifest,
                          .files = scan->files,
                          .cached = cached,
                          .unreadable = scan->unreadable,
                          .cache_paths = cache_paths ? *cache_paths : no_paths,
                          .missing = missing ? *missing : no_counts});
}

}  // namespace

Result<PendingReport> GatherPending(const PendingRequest& request) {
  std::error_code ec;
  if (!std::filesystem::is_directory(request.local_dir, ec)) {
    return Fail(ErrorKind::kUsage, "--pending " + request.local_dir + ": not a directory");
  }
  Result<std::vector<std::string>> ids = state::ListDestinationIds(request.state_dir);
  if (!ids) return Fail(ids.error());
  PendingReport report{.local_dir = request.local_dir, .destinations = {}, .warnings = {}};
  const std::string real = RealPath(request.local_dir);
  for (const std::string& id : *ids) {
    Result<state::RunManifest> manifest =
        state::ReadRunManifest(state::ManifestPath(request.state_dir, id));
    if (!manifest) {
      if (manifest.error().kind != ErrorKind::kNotFound) {
        report.warnings.push_back(manifest.error().message);
      }
      continue;
    }
    if (!UsedDir(*manifest, request.local_dir, real)) continue;
    if (!InBucket(manifest->destination_url, request.bucket)) continue;
    Result<PendingEstimate> estimate = EstimateDestination(request, id, *manifest, report);
    if (!estimate) return Fail(estimate.error());
    report.destinations.push_back(std::move(*estimate));
  }
  return report;
}

}  // namespace s3mirror::monitor
