// CheckContent: for files whose remote object has the same size, decides whether the content
// differs by comparing the local MD5 with the object's ETag:
//   single-part ETag "<md5 hex>":  the file's MD5;
//   multipart ETag "<hex>-N":      s3::MultipartEtag over the part MD5s, for each part size in
//                                  s3::CandidatePartSizes(size, N, part_size); none matching
//                                  counts as changed (re-uploaded once with our layout).
// MD5s come from the hash cache when the file's stamp matches, else the file is hashed by a small
// pool of threads (workers share only an atomic index; each writes its own result slot). Every
// digest computed from a stable read is recorded in the cache; a file that changed while it was
// read, or could not be read, counts as changed (the executor reads it again and reports).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sync/content/hash_cache.h"
#include "sync/listing/merge_join.h"
#include "sync/sync_types.h"

namespace s3mirror::sync {

struct ContentCheckOptions {
  std::string local_dir{};
  std::uint64_t part_size = 16ull << 20;  // our --part-size: the first multipart candidate
  int threads = 2;
  bool follow_symlinks = false;
};

struct ContentCheckResult {
  std::vector<PlannedUpload> changed{};  // kContentDiffers, in key order
  std::uint64_t unchanged = 0;
  std::uint64_t cache_hits = 0;
  std::uint64_t hashed_files = 0;
  std::uint64_t hashed_bytes = 0;
};

ContentCheckResult CheckContent(const std::vector<LocalFile>& local,
                                const std::vector<SameSizePair>& pairs, HashCache& cache,
                                const ContentCheckOptions& options);

}  // namespace s3mirror::sync
