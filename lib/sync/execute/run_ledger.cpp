#include "sync/execute/run_ledger.h"

#include <algorithm>
#include <functional>
#include <unordered_set>

#include "sync/listing/merge_join.h"

namespace s3mirror::sync {
namespace {

std::uint64_t KeyHash(std::string_view key) { return std::hash<std::string_view>{}(key); }

}  // namespace

void RunLedger::OnUploaded(std::string_view key, std::uint64_t /*bytes*/) {
  uploaded_.push_back(KeyHash(key));
}

void RunLedger::OnDeleted(std::string_view key) { deleted_.emplace_back(key); }

std::vector<std::string> RunLedger::UnfinishedUploads(const Plan& plan,
                                                      const std::vector<LocalFile>& files,
                                                      std::string_view prefix) {
  std::sort(uploaded_.begin(), uploaded_.end());
  std::vector<std::string> unfinished;
  std::string key(prefix);
  for (const PlannedUpload& upload : plan.uploads) {
    const std::string& path = files[upload.local_index].path;
    key.resize(prefix.size());
    key += path;
    // A hash collision could hide one unfinished file: an estimate one file short, 2^-64 likely.
    if (!std::binary_search(uploaded_.begin(), uploaded_.end(), KeyHash(key))) {
      unfinished.push_back(path);
    }
  }
  return unfinished;
}

std::vector<std::string> RunLedger::UnfinishedDeletes(const Plan& plan,
                                                      std::string_view prefix) const {
  std::unordered_set<std::string_view> deleted(deleted_.begin(), deleted_.end());
  std::vector<std::string> unfinished;
  std::string key(prefix);
  for (const std::string& relative : plan.deletes) {
    key.resize(prefix.size());
    key += relative;
    if (!deleted.contains(key)) unfinished.push_back(relative);
  }
  return unfinished;
}

std::vector<RemoteObject> RunLedger::DeletedObjects(const std::vector<RemoteObject>& remote_only,
                                                    std::string_view prefix) const {
  std::vector<RemoteObject> objects;
  for (const std::string& key : deleted_) {
    if (!key.starts_with(prefix)) continue;
    const std::string_view relative = std::string_view(key).substr(prefix.size());
    const auto it = std::lower_bound(
        remote_only.begin(), remote_only.end(), relative,
        [](const RemoteObject& object, std::string_view k) { return KeyLess(object.key, k); });
    if (it != remote_only.end() && it->key == relative) objects.push_back(*it);
  }
  std::sort(objects.begin(), objects.end(),
            [](const RemoteObject& a, const RemoteObject& b) { return KeyLess(a.key, b.key); });
  return objects;
}

}  // namespace s3mirror::sync
