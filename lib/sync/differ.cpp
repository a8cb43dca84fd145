#include "sync/differ.h"

#include <string_view>

namespace s3mirror::sync {

bool KeyLess(std::string_view a, std::string_view b) {
  // std::char_traits<char>::compare compares as unsigned char (memcmp), as S3 does for UTF-8.
  return a.compare(b) < 0;
}

Diff DiffListings(const std::vector<LocalFile>& local, const std::vector<RemoteObject>& remote) {
  Diff diff;
  std::size_t l = 0, r = 0;
  while (l < local.size() || r < remote.size()) {
    const int order = l == local.size()    ? 1
                      : r == remote.size() ? -1
                                           : std::string_view(local[l].path).compare(remote[r].key);
    if (order < 0) {
      diff.uploads.push_back({.local_index = l++, .reason = UploadReason::kMissing});
    } else if (order > 0) {
      diff.remote_only.push_back(r++);
    } else if (local[l].size != remote[r].size) {
      diff.uploads.push_back({.local_index = l++, .reason = UploadReason::kSizeDiffers});
      ++r;
    } else {
      diff.same_size.push_back({.local_index = l++, .remote_index = r++});
    }
  }
  return diff;
}

}  // namespace s3mirror::sync
