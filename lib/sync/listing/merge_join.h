// The merge-join of the local and remote listings, both in S3 key byte order (memcmp of the bytes).
// Pure. Classifies each key:
//   local only                -> upload (kMissing)
//   both, sizes differ        -> upload (kSizeDiffers)
//   both, same size           -> needs a content check (content_check.h), with the listed ETag
//   remote only               -> delete candidate (only deleted with --delete, after the guard)
// A key present on both sides is not kept: the Diff holds local indexes and the remote ETags of
// same-size pairs (32 bytes a file), and full objects only for the remote-only keys, so a run over
// a million unchanged files does not hold a second copy of every key.
//
// DiffMerger takes the remote objects one at a time, as listing pages arrive, against a slice of
// the local list (one key range of the parallel listing); AppendDiff joins the Diffs of adjacent
// slices. DiffListings is the whole merge over complete lists.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "s3/etag.h"
#include "sync/sync_types.h"

namespace s3mirror::sync {

struct SameSizePair {
  std::size_t local_index = 0;
  s3::Etag etag{};  // the remote object's, as listed
};

struct Diff {
  std::vector<PlannedUpload> uploads{};     // kMissing / kSizeDiffers, in key order
  std::vector<SameSizePair> same_size{};    // in key order
  std::vector<RemoteObject> remote_only{};  // in key order
  std::size_t remote_count = 0;             // objects listed under the prefix
};

class DiffMerger {
 public:
  // Merges against local[begin, end). Requires: `local` sorted by key bytes without duplicates,
  // begin <= end <= local.size(); it must outlive the merger.
  DiffMerger(const std::vector<LocalFile>& local, std::size_t begin, std::size_t end);

  // One remote object (its key relative to the prefix). Requires: keys strictly increasing across
  // calls, and no key after local[end - 1] unless `end` is local.size() (the slice's range).
  void Add(std::string_view key, std::uint64_t size, const s3::Etag& etag);
  // The Diff of the slice; every local file not matched by then is missing remotely.
  Diff Finish();
  std::size_t added() const { return diff_.remote_count; }

 private:
  const std::vector<LocalFile>& local_;
  std::size_t next_;
  std::size_t end_;
  Diff diff_{};
};

// Appends `tail` (the Diff of the slice right after `head`'s) to `head`.
void AppendDiff(Diff& head, Diff&& tail);

// Requires: both lists sorted by key bytes without duplicates (the scanner and lister ensure it).
Diff DiffListings(const std::vector<LocalFile>& local, const std::vector<RemoteObject>& remote);

// True when `a` sorts before `b` as S3 orders keys (unsigned bytes).
bool KeyLess(std::string_view a, std::string_view b);

}  // namespace s3mirror::sync
