// ListRemote: the serial listing. Lists every object under the destination prefix
// (s3::Client::ListAll, all pages) and returns them relative to the prefix, in key byte order.
// Runs use ListRemoteInRanges (range_lister.h), which falls back to this for servers that do not
// list in key order.
// Error kinds are the listing's: kNotFound (NoSuchBucket), kAuth, kNetwork, kThrottled/kServer
// after retries.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "s3/client.h"
#include "s3/types.h"
#include "sync/sync_types.h"
#include "util/result.h"

namespace s3mirror::sync {

Result<std::vector<RemoteObject>> ListRemote(s3::Client& client, std::string_view prefix,
                                             const std::function<void(size_t)>& on_page);

// Strips `prefix` from each key (keys outside it, and the prefix itself, are dropped), normalises
// ETags, and sorts by key bytes when the server did not (some S3-compatible servers do not).
std::vector<RemoteObject> ToRemoteObjects(std::vector<s3::ObjectInfo> objects,
                                          std::string_view prefix);

}  // namespace s3mirror::sync
