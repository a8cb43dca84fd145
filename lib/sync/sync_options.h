// SyncOptions: what one sync run is asked to do, and SyncEnvironment: what it runs with (the
// transport, signer, reporter, clock and cancel flag, all owned by the caller). Plain data; the
// stages take the parts they need. SyncResult: what the run did, for the CLI and the state dir.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/request_signer.h"
#include "http/counting_transport.h"
#include "http/retry.h"
#include "http/transport.h"
#include "report/reporter.h"
#include "s3/request_builder.h"
#include "s3/types.h"
#include "sync/execute/executor.h"
#include "sync/headers/header_repair_plan.h"
#include "sync/names/name_policy.h"
#include "sync/plan/deletion_guard.h"
#include "sync/scan/filter.h"
#include "sync/scan/mount_guard.h"
#include "sync/sync_types.h"
#include "util/clock.h"
#include "util/result.h"

namespace s3mirror::sync {

struct SyncOptions {
  std::string local_dir{};
  std::string bucket{};
  std::string prefix{};  // "" or ending in '/'; keys are prefix + relative path
  bool delete_remote = false;
  DeleteLimit max_delete{};
  bool force_delete = false;
  // --delete-after-missing N: with delete_remote, delete a key only once its file has been
  // missing in N consecutive successful runs (sync/plan/grace_period.h); 0: at once.
  std::uint32_t delete_after_missing = 0;
  std::string missing_counts_path{};  // the counters' file in the state dir; required with it
  std::vector<FilterRule> rules{};    // in command-line order; later rules win
  bool dry_run = false;
  bool use_hash_cache = true;
  std::string hash_cache_path{};       // file in the state dir; empty: no cache
  std::string content_type{};          // --content-type: forced for every file
  std::string default_content_type{};  // --default-content-type: for unknown extensions
  std::string mime_types_file = "/etc/mime.types";
  s3::ObjectSettings object_settings{};  // content_type left empty: decided per file
  std::string headers_file{};  // --headers rules file (sync/headers/header_rules.h); "": none
  // File in the state dir with the header fingerprint of every object
  // (sync/headers/header_record.h); empty: no record, so no repairs after a change of the header
  // settings.
  std::string header_record_path{};
  bool fix_headers = false;  // --fix-headers: audit stored headers with HEAD, within the budget
  std::uint64_t fix_headers_budget = kDefaultFixHeadersBudget;
  s3::ChecksumAlgorithm checksum = s3::ChecksumAlgorithm::kMd5;  // --checksum
  std::uint64_t multipart_threshold = kDefaultMultipartThreshold;
  std::uint64_t part_size = kDefaultPartSize;
  int concurrency = kDefaultConcurrency;
  bool follow_symlinks = false;
  AwkwardNamePolicy awkward_names = AwkwardNamePolicy::kUpload;  // --awkward-names
  http::RetryPolicy retry{};
  // Website order: assets first, then HTML pages, then deletes (upload_order.h);
  // --no-website-order: one stage in key order, deletes still last.
  bool website_order = true;
  // Refuse when LOCAL_DIR lies under an fstab mount point with nothing mounted (mount_guard.h);
  // --no-mount-check turns it off.
  bool check_mounts = true;
  MountTables mount_tables{};
};

struct SyncEnvironment {
  http::Transport& transport;
  auth::RequestSigner& signer;
  const s3::RequestBuilder& builder;
  report::Reporter& reporter;
  const Clock& clock;
  // Set to the signal number (SIGINT/SIGTERM) by a signal handler: stop starting new work, finish
  // or abort what is in flight, return with outcome kInterrupted. May be null.
  const std::atomic<int>* cancel = nullptr;
  // The counting layer under `transport`, directly above the network (cli/session.h), or null.
  // Set: the run's counts are what it counted from the run's start to its end (nothing else may
  // send through it meanwhile), so that requests resent below `transport`
  // (s3/correcting_transport.h) are counted too. Null: the run counts at `transport` with a
  // counting layer of its own.
  const http::CountingTransport* counted = nullptr;
};

struct SyncResult {
  report::RunSummary summary;  // exit_code left 0; outcome set
  // Why the run stopped early: kSafety (guard, empty/missing LOCAL_DIR), kAuth/kNotFound/kNetwork
  // (destination unusable), kCancelled, kUsage/kConfig. Per-file failures are not here: they are
  // counted in summary.failed (outcome kPartial).
  std::optional<Error> fatal{};
  // For the state dir (deletion journal, run manifest) and the run's output:
  std::vector<RemoteObject> deleted{};  // objects deleted, relative keys, size and ETag as listed
  std::uint64_t kept_missing = 0;       // delete candidates kept by --delete-after-missing
  std::string kept_note{};              // DescribeKept; empty when none was kept
  bool planned = false;                 // planning was reached: the lists below are known
  std::vector<std::string> unfinished_uploads{};  // planned, not uploaded (relative paths)
  std::vector<std::string> unfinished_deletes{};  // planned, not deleted (relative keys)
};

}  // namespace s3mirror::sync
