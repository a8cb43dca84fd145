#include "state/state_dir.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "util/crypto.h"

namespace s3mirror::state {
namespace {

constexpr std::size_t kMaxReadableChars = 64;
constexpr std::string_view kStateSuffix = ".state.json";
constexpr std::string_view kHistorySuffix = ".history.jsonl";

bool IsSafeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-';
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::string DestinationId(std::string_view bucket, std::string_view prefix) {
  std::string joined = std::string(bucket) + "/" + std::string(prefix);
  std::string id;
  for (char c : joined.substr(0, kMaxReadableChars)) id.push_back(IsSafeChar(c) ? c : '_');
  return id + "-" + HexEncode(Sha256(joined)).substr(0, 8);
}

Status EnsureStateDir(const std::string& path) {
  if (path.empty()) return Fail(ErrorKind::kConfig, "the state dir is not set (use --state-dir)");
  std::error_code ec;
  std::filesystem::path dir(path);
  // Parents get the default mode; the state dir itself is private (it names buckets and hosts).
  if (dir.has_parent_path()) std::filesystem::create_directories(dir.parent_path(), ec);
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
    return Fail(ErrorKind::kConfig, "cannot create the state dir " + path + ": " +
                                        std::strerror(errno) + " (use --state-dir)");
  }
  if (!std::filesystem::is_directory(dir, ec)) {
    return Fail(ErrorKind::kConfig, "the state dir " + path + " is not a directory");
  }
  return {};
}

std::string HashCachePath(const std::string& state_dir, const std::string& destination_id) {
  return state_dir + "/" + destination_id + ".hashcache";
}

std::string HeaderRecordPath(const std::string& state_dir, const std::string& destination_id) {
  return state_dir + "/" + destination_id + ".headers";
}

std::string StateFilePath(const std::string& state_dir, const std::string& destination_id) {
  return state_dir + "/" + destination_id + std::string(kStateSuffix);
}

std::string HistoryFilePath(const std::string& state_dir, const std::string& destination_id) {
  return state_dir + "/" + destination_id + std::string(kHistorySuffix);
}

std::string MissingCountsPath(const std::string& state_dir, const std::string& destination_id) {
  return state_dir + "/" + destination_id + ".missing";
}

std::string DeletionJournalPath(const std::string& state_dir, const std::string& destination_id) {
  return state_dir + "/" + destination_id + ".deletions.jsonl";
}

std::string ManifestPath(const std::string& state_dir, const std::string& destination_id) {
  return state_dir + "/" + destination_id + ".manifest.json";
}

Result<std::vector<std::string>> ListDestinationIds(const std::string& state_dir) {
  std::vector<std::string> ids;
  std::error_code ec;
  if (!std::filesystem::exists(state_dir, ec)) return ids;
  std::filesystem::directory_iterator it(state_dir, ec);
  if (ec)
    return Fail(ErrorKind::kLocalIo,
                "cannot read the state dir " + state_dir + ": " + ec.message());
  for (const auto& entry : it) {
    std::string name = entry.path().filename().string();
    if (EndsWith(name, kStateSuffix))
      ids.push_back(name.substr(0, name.size() - kStateSuffix.size()));
    if (EndsWith(name, kHistorySuffix)) {
      ids.push_back(name.substr(0, name.size() - kHistorySuffix.size()));
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace s3mirror::state
