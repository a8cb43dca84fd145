#include "sync/hash_cache.h"

#include <algorithm>
#include <string>

#include "util/crypto.h"

namespace s3mirror::sync {

Md5Bytes ToMd5Bytes(std::string_view binary_md5) {
  Md5Bytes out{};
  std::copy_n(binary_md5.begin(), std::min(binary_md5.size(), out.size()), out.begin());
  return out;
}

// Single part: ETag = hex(MD5(content)). Multipart: ETag = hex(MD5(part MD5s...)) + "-" + parts.
bool FileDigest::MatchesEtag(const s3::Etag& etag) const {
  if (!etag.is_md5()) return false;
  if (etag.parts() == 0) return has_md5 && md5 == etag.md5();
  return parts == etag.parts() && multipart_md5 == etag.md5();
}

void FileDigest::Merge(const FileDigest& other) {
  if (other.has_md5) {
    md5 = other.md5;
    has_md5 = true;
  }
  if (other.parts > 0) {
    multipart_md5 = other.multipart_md5;
    parts = other.parts;
  }
}

const FileDigest* HashCache::Find(std::size_t index, const FileStamp& stamp) const {
  if (index >= slots_.size()) return nullptr;
  const Slot& slot = slots_[index];
  return slot.known && slot.stamp == stamp ? &slot.digest : nullptr;
}

void HashCache::Record(std::size_t index, const FileStamp& stamp, const FileDigest& digest) {
  if (index >= slots_.size()) return;
  Slot& slot = slots_[index];
  if (!slot.known || slot.stamp != stamp) {
    slot = Slot{.stamp = stamp, .digest = digest, .known = true};
  } else {
    slot.digest.Merge(digest);
  }
}

std::size_t HashCache::known_count() const {
  return static_cast<std::size_t>(
      std::count_if(slots_.begin(), slots_.end(), [](const Slot& slot) { return slot.known; }));
}

}  // namespace s3mirror::sync
