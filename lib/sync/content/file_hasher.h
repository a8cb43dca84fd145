// HashFile: the MD5s needed to compare a local file with an object's ETag, from one read of the
// file (pread in 1 MiB chunks): the whole-file MD5 and, for each candidate part size, the
// multipart ETag digest. The file is fstat'ed before and after; a file that changed meanwhile
// gives kSourceChanged (its digest must not be trusted or recorded). Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sync/content/file_reader.h"
#include "sync/content/hash_cache.h"
#include "util/result.h"

namespace s3mirror::sync {

struct HashedFile {
  FileStamp stamp{};    // fstat when it was read (equal before and after)
  FileDigest digest{};  // whole-file MD5
  // Multipart digests, one per requested part size, in the order asked.
  std::vector<FileDigest> multipart{};
};

// Hashes `path` (absolute). `part_sizes` may be empty (single-part comparison only).
Result<HashedFile> HashFile(const std::string& path, const std::vector<std::uint64_t>& part_sizes,
                            bool follow_symlinks);

}  // namespace s3mirror::sync
