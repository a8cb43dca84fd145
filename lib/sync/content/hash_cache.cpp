#include "sync/content/hash_cache.h"

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
  if (!upload_etag.empty() && upload_etag == etag) return true;
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
  if (!other.upload_etag.empty()) upload_etag = other.upload_etag;
}

namespace {
constexpr std::uint8_t kKnown = 1, kMd5 = 2, kMultipart = 4, kUploadEtag = 8;
}  // namespace

FileStamp HashCache::ScannedStamp(std::size_t index) const { return StampOf((*files_)[index]); }

FileDigest HashCache::DigestAt(std::size_t index) const {
  const Slot& slot = slots_[index];
  FileDigest digest{.md5 = slot.md5, .has_md5 = (slot.flags & kMd5) != 0};
  if ((slot.flags & kMultipart) != 0) {
    const Multipart& multipart = multipart_.at(index);
    digest.multipart_md5 = multipart.md5;
    digest.parts = multipart.parts;
  }
  if ((slot.flags & kUploadEtag) != 0) digest.upload_etag = upload_etags_[index];
  return digest;
}

std::optional<FileDigest> HashCache::Find(std::size_t index, const FileStamp& stamp) const {
  if (index >= slots_.size()) return std::nullopt;
  if ((slots_[index].flags & kKnown) != 0 && stamp == ScannedStamp(index)) return DigestAt(index);
  const auto changed = changed_.find(index);
  if (changed != changed_.end() && changed->second.stamp == stamp) return changed->second.digest;
  return std::nullopt;
}

void HashCache::Clear(std::size_t index) {
  if ((slots_[index].flags & kMultipart) != 0) multipart_.erase(index);
  if ((slots_[index].flags & kUploadEtag) != 0) upload_etags_[index] = s3::Etag{};
  slots_[index] = Slot{};
}

void HashCache::Merge(std::size_t index, const FileDigest& digest) {
  Slot& slot = slots_[index];
  slot.flags |= kKnown;
  if (digest.has_md5) {
    slot.md5 = digest.md5;
    slot.flags |= kMd5;
  }
  if (digest.parts > 0) {
    multipart_[index] = Multipart{.md5 = digest.multipart_md5, .parts = digest.parts};
    slot.flags |= kMultipart;
  }
  if (!digest.upload_etag.empty()) {
    if (upload_etags_.empty()) upload_etags_.resize(slots_.size());
    upload_etags_[index] = digest.upload_etag;
    slot.flags |= kUploadEtag;
  }
}

// One recorded version per file, as if each file had a single slot with its own stamp: the slot
// stands for the scanned stamp, `changed_` for any other; recording one clears the other.
void HashCache::Record(std::size_t index, const FileStamp& stamp, const FileDigest& digest) {
  if (index >= slots_.size()) return;
  if (stamp == ScannedStamp(index)) {
    changed_.erase(index);
    Merge(index, digest);
    return;
  }
  Clear(index);
  const auto [changed, inserted] =
      changed_.try_emplace(index, Entry{.stamp = stamp, .digest = digest});
  if (inserted) return;
  if (changed->second.stamp == stamp) {
    changed->second.digest.Merge(digest);
  } else {
    changed->second = Entry{.stamp = stamp, .digest = digest};
  }
}

std::optional<HashCache::Entry> HashCache::EntryAt(std::size_t index) const {
  if (index >= slots_.size()) return std::nullopt;
  if ((slots_[index].flags & kKnown) != 0) {
    return Entry{.stamp = ScannedStamp(index), .digest = DigestAt(index)};
  }
  const auto changed = changed_.find(index);
  if (changed != changed_.end()) return changed->second;
  return std::nullopt;
}

std::size_t HashCache::known_count() const {
  const auto known = std::count_if(slots_.begin(), slots_.end(),
                                   [](const Slot& slot) { return (slot.flags & kKnown) != 0; });
  return static_cast<std::size_t>(known) + changed_.size();
}

}  // namespace s3mirror::sync
