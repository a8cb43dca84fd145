// DiffListings: the merge-join of the local and remote listings, both in S3 key byte order
// (memcmp of the bytes). Pure. Classifies each key:
//   local only                -> upload (kMissing)
//   both, sizes differ        -> upload (kSizeDiffers)
//   both, same size           -> needs a content check (content_check.h)
//   remote only               -> delete candidate (only deleted with --delete, after the guard)
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sync/sync_types.h"

namespace s3mirror::sync {

struct SameSizePair {
  std::size_t local_index = 0;
  std::size_t remote_index = 0;
};

struct Diff {
  std::vector<PlannedUpload> uploads{};    // kMissing / kSizeDiffers, in key order
  std::vector<SameSizePair> same_size{};   // in key order
  std::vector<std::size_t> remote_only{};  // indexes into the remote list, in key order
};

// Requires: both lists sorted by key bytes without duplicates (the scanner and lister ensure it).
Diff DiffListings(const std::vector<LocalFile>& local, const std::vector<RemoteObject>& remote);

// True when `a` sorts before `b` as S3 orders keys (unsigned bytes).
bool KeyLess(std::string_view a, std::string_view b);

}  // namespace s3mirror::sync
