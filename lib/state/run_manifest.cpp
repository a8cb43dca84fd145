#include "state/run_manifest.h"

#include <nlohmann/json.hpp>

#include "state/json_fields.h"
#include "util/file.h"

namespace s3mirror::state {
namespace {

using nlohmann::json;

constexpr int kManifestSchemaVersion = 1;

std::vector<std::string> StringList(const json& doc, const char* key) {
  std::vector<std::string> out;
  const auto it = doc.find(key);
  if (it == doc.end() || !it->is_array()) return out;
  for (const json& item : *it) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<ManifestRule> Rules(const json& doc) {
  std::vector<ManifestRule> rules;
  const auto it = doc.find("rules");
  if (it == doc.end() || !it->is_array()) return rules;
  for (const json& item : *it) {
    if (item.is_object()) {
      rules.push_back({.include = JsonBool(item, "include"), .glob = JsonString(item, "glob")});
    }
  }
  return rules;
}

}  // namespace

std::string RunManifestToJson(const RunManifest& m) {
  json rules = json::array();
  for (const ManifestRule& rule : m.rules) {
    rules.push_back({{"include", rule.include}, {"glob", rule.glob}});
  }
  const json doc = {{"schema_version", kManifestSchemaVersion},
                    {"destination_id", m.destination_id},
                    {"destination_url", m.destination_url},
                    {"local_dir", m.local_dir},
                    {"local_dir_real", m.local_dir_real},
                    {"rules", rules},
                    {"follow_symlinks", m.follow_symlinks},
                    {"delete", m.delete_remote},
                    {"delete_after_missing", m.delete_after_missing},
                    {"hash_cache", m.hash_cache},
                    {"finished_at", FormatUtcIso(m.finished_at)},
                    {"outcome", m.outcome},
                    {"unfinished_uploads", m.unfinished_uploads},
                    {"unfinished_deletes", m.unfinished_deletes}};
  return JsonDump(doc) + "\n";
}

Result<RunManifest> RunManifestFromJson(std::string_view text) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Fail(ErrorKind::kInternal, "not a JSON object");
  const auto finished = ParseUtcIso(JsonString(doc, "finished_at"));
  RunManifest m;
  m.destination_url = JsonString(doc, "destination_url");
  m.local_dir = JsonString(doc, "local_dir");
  if (!finished || m.destination_url.empty() || m.local_dir.empty()) {
    return Fail(ErrorKind::kInternal, "no destination_url, local_dir or finished_at");
  }
  m.destination_id = JsonString(doc, "destination_id");
  m.local_dir_real = JsonString(doc, "local_dir_real");
  m.rules = Rules(doc);
  m.follow_symlinks = JsonBool(doc, "follow_symlinks");
  m.delete_remote = JsonBool(doc, "delete");
  m.delete_after_missing = static_cast<std::uint32_t>(JsonUint(doc, "delete_after_missing"));
  m.hash_cache = JsonBool(doc, "hash_cache");
  m.finished_at = *finished;
  m.outcome = JsonString(doc, "outcome");
  m.unfinished_uploads = StringList(doc, "unfinished_uploads");
  m.unfinished_deletes = StringList(doc, "unfinished_deletes");
  return m;
}

Status WriteRunManifest(const std::string& path, const RunManifest& manifest) {
  return WriteFileAtomic(path, RunManifestToJson(manifest), 0600);
}

Result<RunManifest> ReadRunManifest(const std::string& path) {
  Result<std::optional<std::string>> text = ReadFileIfExists(path);
  if (!text) return Fail(text.error());
  if (!*text) return Fail(ErrorKind::kNotFound, "no run manifest " + path);
  Result<RunManifest> manifest = RunManifestFromJson(**text);
  if (!manifest) return Fail(ErrorKind::kInternal, path + ": " + manifest.error().message);
  return manifest;
}

}  // namespace s3mirror::state
