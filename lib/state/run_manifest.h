// The run manifest <state dir>/<destination id>.manifest.json: what the last run that got as far
// as planning (dry runs aside) was asked to do and what it left undone. `status --pending` reads
// it to estimate, without the network, what the next run will do (monitor/pending.h):
//   {"schema_version":1, "destination_id":..., "destination_url":"s3://bucket/site/",
//    "local_dir":"/srv/www", "local_dir_real":"/srv/www", "rules":[{"include":false,
//    "glob":"*.tmp"}], "follow_symlinks":false, "delete":true, "delete_after_missing":3,
//    "hash_cache":true, "finished_at":"2026-11-25T14:43:03Z", "outcome":"success",
//    "unfinished_uploads":["a.html"], "unfinished_deletes":["old.html"]}
// Paths and keys are relative to LOCAL_DIR / the prefix. Replaced atomically, mode 0600.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "state/timestamp.h"
#include "util/result.h"

namespace s3mirror::state {

struct ManifestRule {
  bool include = false;
  std::string glob{};
};

struct RunManifest {
  std::string destination_id{};
  std::string destination_url{};
  std::string local_dir{};       // as given on the command line
  std::string local_dir_real{};  // realpath of it; empty when it could not be resolved
  std::vector<ManifestRule> rules{};
  bool follow_symlinks = false;
  bool delete_remote = false;
  std::uint32_t delete_after_missing = 0;
  bool hash_cache = true;
  TimePoint finished_at{};
  std::string outcome{};  // report::OutcomeName
  std::vector<std::string> unfinished_uploads{};
  std::vector<std::string> unfinished_deletes{};
};

std::string RunManifestToJson(const RunManifest& manifest);
// kInternal when `text` is not a run manifest.
Result<RunManifest> RunManifestFromJson(std::string_view text);

// Atomic replace, mode 0600. kLocalIo on failure.
Status WriteRunManifest(const std::string& path, const RunManifest& manifest);
// kNotFound when there is none; kLocalIo / kInternal when it cannot be read or parsed.
Result<RunManifest> ReadRunManifest(const std::string& path);

}  // namespace s3mirror::state
