#include "sync/content/content_check.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

#include "s3/etag.h"
#include "sync/content/file_hasher.h"

namespace s3mirror::sync {
namespace {

constexpr std::size_t kBatchSize = 4096;

struct HashJob {
  std::size_t pair = 0;                   // index into `pairs`
  std::vector<std::uint64_t> part_sizes;  // candidates for a multipart ETag
  std::optional<HashedFile> hashed{};     // written by exactly one worker
};

// Runs every job on `threads` threads; the atomic index is the only shared mutable state.
void RunJobs(std::vector<HashJob>& jobs, const std::vector<LocalFile>& local,
             const std::vector<SameSizePair>& pairs, const ContentCheckOptions& options) {
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      HashJob& job = jobs[i];
      const std::string path = options.local_dir + "/" + local[pairs[job.pair].local_index].path;
      Result<HashedFile> hashed = HashFile(path, job.part_sizes, options.follow_symlinks);
      if (hashed) job.hashed = std::move(hashed).value();
    }
  };
  const auto count = static_cast<std::size_t>(std::max(1, options.threads));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < std::min(count, jobs.size()); ++t) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
}

// The digest to record for a hashed file: the whole MD5 plus the multipart digest that matches
// `etag`, if any.
FileDigest DigestFor(const HashedFile& hashed, const s3::Etag& etag) {
  FileDigest digest = hashed.digest;
  for (const FileDigest& multipart : hashed.multipart) {
    if (multipart.MatchesEtag(etag)) digest.Merge(multipart);
  }
  return digest;
}

HashJob MakeJob(std::size_t pair, std::uint64_t size, const s3::Etag& etag,
                std::uint64_t part_size) {
  const auto parts = static_cast<int>(etag.parts());
  return HashJob{.pair = pair,
                 .part_sizes = parts > 0 ? s3::CandidatePartSizes(size, parts, part_size)
                                         : std::vector<std::uint64_t>{}};
}

}  // namespace

ContentCheckResult CheckContent(const std::vector<LocalFile>& local,
                                const std::vector<SameSizePair>& pairs, HashCache& cache,
                                const ContentCheckOptions& options) {
  ContentCheckResult result;
  std::vector<bool> same(pairs.size(), false);
  // Jobs are run in batches so that a first run over a million files holds few results at once.
  std::vector<HashJob> jobs;
  for (std::size_t begin = 0; begin < pairs.size(); begin += kBatchSize) {
    const std::size_t end = std::min(pairs.size(), begin + kBatchSize);
    jobs.clear();
    for (std::size_t i = begin; i < end; ++i) {
      const LocalFile& file = local[pairs[i].local_index];
      const s3::Etag& etag = pairs[i].etag;
      const std::optional<FileDigest> known = cache.Find(pairs[i].local_index, StampOf(file));
      if (known && known->MatchesEtag(etag)) {
        same[i] = true;
        ++result.cache_hits;
      } else {
        jobs.push_back(MakeJob(i, file.size, etag, options.part_size));
      }
    }
    RunJobs(jobs, local, pairs, options);
    for (const HashJob& job : jobs) {
      if (!job.hashed) continue;  // unreadable or changing: the upload will deal with it
      const SameSizePair& pair = pairs[job.pair];
      const FileDigest digest = DigestFor(*job.hashed, pair.etag);
      cache.Record(pair.local_index, job.hashed->stamp, digest);
      same[job.pair] = digest.MatchesEtag(pair.etag);
      ++result.hashed_files;
      result.hashed_bytes += job.hashed->stamp.size;
    }
  }
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (same[i]) {
      ++result.unchanged;
    } else {
      result.changed.push_back(
          {.local_index = pairs[i].local_index, .reason = UploadReason::kContentDiffers});
    }
  }
  return result;
}

}  // namespace s3mirror::sync
