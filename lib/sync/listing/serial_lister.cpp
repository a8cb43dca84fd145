#include "sync/listing/serial_lister.h"

#include <algorithm>

#include "s3/etag.h"

namespace s3mirror::sync {

Result<std::vector<RemoteObject>> ListRemote(s3::Client& client, std::string_view prefix,
                                             const std::function<void(size_t)>& on_page) {
  Result<std::vector<s3::ObjectInfo>> objects = client.ListAll(prefix, on_page);
  if (!objects) return Fail(std::move(objects).error());
  return ToRemoteObjects(std::move(objects).value(), prefix);
}

std::vector<RemoteObject> ToRemoteObjects(std::vector<s3::ObjectInfo> objects,
                                          std::string_view prefix) {
  std::vector<RemoteObject> remote;
  remote.reserve(objects.size());
  for (s3::ObjectInfo& object : objects) {
    if (object.key.size() <= prefix.size() || object.key.compare(0, prefix.size(), prefix) != 0) {
      continue;
    }
    remote.push_back(RemoteObject{.key = object.key.substr(prefix.size()),
                                  .size = object.size,
                                  .etag = s3::Etag(object.etag)});
    object = s3::ObjectInfo{};  // release memory as we go: a million listings add up
  }
  const auto by_key = [](const RemoteObject& a, const RemoteObject& b) { return a.key < b.key; };
  if (!std::is_sorted(remote.begin(), remote.end(), by_key)) {
    std::sort(remote.begin(), remote.end(), by_key);
  }
  return remote;
}

}  // namespace s3mirror::sync
