// ExecutePlan: carries out a Plan over an http::Transport. One thread, a driver loop (see
// STYLE.md): start work while fewer than `concurrency` requests are in flight and the bodies in
// memory stay within `memory_budget`; wait for completions (or the next retry deadline); advance
// the state machine of the upload each one belongs to:
//   small files (size < multipart_threshold):  Queued -> Putting -> Done
//   big files:  Queued -> Creating -> SendingParts (parts in parallel) -> Completing -> Done,
//               Aborting (AbortMultipartUpload) when a part or the completion fails, sent
//               once its parts in flight have ended (none is cut off or retried meanwhile).
// Each upload reads its bytes once (a part: its range) and sends exactly those, with their
// Content-MD5; a file whose stamp changes between stat and the end of the read is not sent but
// retried later (max_source_changes times, then failed with kSourceChanged). Retryable errors
// (http::IsRetryable) are retried with http::BackoffDelay until RetryPolicy::max_attempts; a
// returned ETag that is not the MD5 of what was sent is a failure. Uploads start in plan order;
// with Plan::first_page > 0 (website order) the pages start only when every upload before them
// has ended, done or failed. Deletes run after the uploads,
// in DeleteObjects batches of 1000, and only when no upload failed. When *cancel becomes non-zero
// nothing new starts, single PUTs and parts in flight finish, multipart uploads are aborted.
// Every event goes to the Reporter; the MD5 of every uploaded file goes to the hash cache.
// With read_ahead_threads, the next single-PUT files are read and hashed by workers meanwhile.
// Header repairs (Plan::header_repairs) run after the uploads, before the deletes, with the same
// concurrency: HEAD when asked to check first, then CopyObject onto itself; a failed copy is a
// failed key; objects over 5 GiB are reported and skipped (S3 copies at most 5 GiB at once).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "auth/request_signer.h"
#include "http/retry.h"
#include "http/transport.h"
#include "report/reporter.h"
#include "s3/request_builder.h"
#include "s3/types.h"
#include "sync/content/file_reader.h"
#include "sync/content/hash_cache.h"
#include "sync/headers/content_type.h"
#include "sync/headers/header_record.h"
#include "sync/headers/object_headers.h"
#include "sync/sync_types.h"
#include "util/clock.h"

namespace s3mirror::sync {

inline constexpr std::uint64_t kDefaultMultipartThreshold = 64ull << 20;
inline constexpr std::uint64_t kDefaultPartSize = 16ull << 20;
inline constexpr std::uint64_t kMinPartSize = 5ull << 20;  // S3's minimum for all but the last part
inline constexpr int kDefaultConcurrency = 64;

inline constexpr std::uint64_t kDefaultMemoryBudget = 256ull << 20;
inline constexpr std::size_t kDeleteBatchSize = 1000;  // S3's DeleteObjects limit
inline constexpr std::uint64_t kMaxParts = 10000;      // S3's multipart limit
inline constexpr std::size_t kMaxFirstErrors = 10;

struct ExecutorOptions {
  std::string local_dir{};
  std::string prefix{};  // keys are prefix + relative path
  std::uint64_t multipart_threshold = kDefaultMultipartThreshold;
  std::uint64_t part_size = kDefaultPartSize;
  int concurrency = kDefaultConcurrency;
  std::uint64_t memory_budget = kDefaultMemoryBudget;
  int max_source_changes = 3;
  http::RetryPolicy retry{};
  s3::ObjectSettings settings{};                // content_type is decided per file
  const ContentTypes* content_types = nullptr;  // null: settings.content_type as it is
  // False when the ETag is not an MD5 (SSE-KMS): Content-MD5 still guards the bytes.
  bool verify_etag = true;
  s3::ChecksumAlgorithm checksum = s3::ChecksumAlgorithm::kMd5;  // body checksum of PUTs/parts
  // Non-null: the headers of each file's object (wins over settings and content_types).
  const HeaderPolicy* headers = nullptr;
  // Worker threads that read and hash the next single-PUT files ahead of the driver loop
  // (read_ahead.h); 0: the loop reads each file itself. Requires a thread-safe FileReader.
  int read_ahead_threads = 0;
  // Compute each PUT body's SHA-256 with its MD5, for a signer that signs payloads (plain http).
  bool payload_sha256 = false;
};

struct ExecutorEnvironment {
  http::Transport& transport;
  auth::RequestSigner& signer;
  const s3::RequestBuilder& builder;
  report::Reporter& reporter;
  const Clock& clock;
  FileReader& reader;
  std::function<double()> random01{};  // uniform in [0,1), for backoff jitter
  const std::atomic<int>* cancel = nullptr;
  HashCache* cache = nullptr;  // aligned with the LocalFile list; may be null
  // Aligned with the LocalFile list; may be null. Gets the header fingerprint of every object
  // uploaded, copied, or found right by HEAD.
  HeaderRecord* header_record = nullptr;
};

struct ExecutionResult {
  std::uint64_t uploaded = 0;
  std::uint64_t failed = 0;  // uploads and deletes that failed
  std::uint64_t deleted = 0;
  std::uint64_t bytes_uploaded = 0;
  std::uint64_t requests = 0;
  std::uint64_t retries = 0;
  std::uint64_t headers_fixed = 0;      // objects whose headers a CopyObject repaired
  std::uint64_t headers_checked = 0;    // objects HEAD'ed by the --fix-headers audit
  std::uint64_t headers_too_large = 0;  // repairs skipped: over 5 GiB, no single-request copy
  bool deletes_skipped = false;  // planned deletes not run (an upload failed, or interrupted)
  bool interrupted = false;
  std::vector<std::string> first_errors{};  // "key: message", at most kMaxFirstErrors
};

ExecutionResult ExecutePlan(const Plan& plan, const std::vector<LocalFile>& files,
                            const ExecutorOptions& options, ExecutorEnvironment& environment);

}  // namespace s3mirror::sync
