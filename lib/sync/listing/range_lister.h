// ListRemoteInRanges: the remote half of the pipeline, listed in parallel and merged with the local
// list as the pages arrive (differ.h), so that a key present on both sides is never held twice.
// The key space under the prefix is cut into ranges at local keys (list_ranges.h) and the ranges
// are listed concurrently over the run's Transport, one ListObjectsV2 request in flight per range,
// in a driver loop like the executor's: start pages while fewer than `slots` requests are in
// flight, wait for completions (or the next retry deadline), merge each page into its range's Diff
// and queue the range's next page. The result is exactly DiffListings(local, serial listing):
// every object under the prefix, relative to it, compared with the local files in key byte order.
//
// Requests in flight ("slots"): min(--concurrency, kMaxListRequests). Keys per range:
// KeysPerRange(local files, slots), i.e. at least one page and about kRangesPerSlot ranges per
// slot (a million files with the defaults: 128 ranges of ~7,800 keys, 32 requests in flight).
// Remote keys where there are few local ones (a range much denser remotely) are listed serially
// within their range; the listing is still complete, only less parallel.
//
// The first page goes through s3::Client::List, so its corrections (server clock after
// RequestTimeTooSkewed) apply before the fan-out and a missing bucket fails as before. Every other
// page is signed by the run's signer right before it is sent; retryable errors
// (http::IsRetryable) are retried after http::BackoffDelay until RetryPolicy::max_attempts, each
// retry reported through on_retry. A server that does not list in key order (seen in a page) makes
// the listing fall back to the serial ListRemote, which sorts, and DiffListings.
// Error kinds: those of the listing (kNotFound, kAuth, kNetwork, kThrottled/kServer after retries,
// kInternal for a malformed answer); kCancelled when *cancel becomes non-zero (requests in flight
// are cancelled). Not thread-safe; requires nothing else in flight on the transport.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/request_signer.h"
#include "http/retry.h"
#include "http/transport.h"
#include "s3/client.h"
#include "s3/request_builder.h"
#include "sync/listing/merge_join.h"
#include "sync/sync_types.h"
#include "util/clock.h"
#include "util/result.h"

namespace s3mirror::sync {

// Listing requests in flight at most. S3 serves thousands of GETs per second per prefix; 32
// pages of ~1000 keys in flight (~300 KB of XML each) already hide a 20-50 ms round trip.
inline constexpr int kMaxListRequests = 32;

struct RangeListOptions {
  std::string prefix{};  // "" or ending in '/'
  int concurrency = 64;  // --concurrency
  http::RetryPolicy retry{};
};

struct RangeListEnvironment {
  s3::Client& client;  // first page and serial fallback; shares transport and signer below
  http::Transport& transport;
  auth::RequestSigner& signer;
  const s3::RequestBuilder& builder;
  const Clock& clock;
  std::function<double()> random01{};          // uniform in [0,1), for backoff jitter; empty: 0.5
  std::function<void(std::size_t)> on_page{};  // objects listed so far; may be empty
  std::function<void(std::string_view subject, const Error& error, int retry,
                     std::chrono::milliseconds delay)>
      on_retry{};  // may be empty
  const std::atomic<int>* cancel = nullptr;
};

// `local`: the scanner's files (sorted); their keys choose the split points, and the Diff refers to
// them by index.
Result<Diff> ListRemoteInRanges(const std::vector<LocalFile>& local,
                                const RangeListOptions& options, RangeListEnvironment& environment);

}  // namespace s3mirror::sync
