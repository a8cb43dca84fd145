// The plain structs that flow between the stages of a sync run (see README "Architecture"):
//   ScanLocal -> LocalFile[]  +  ListRemote -> RemoteObject[]  -> DiffListings -> CheckContent
//   -> Plan -> DeletionGuard -> Executor.
// Paths/keys here are relative to LOCAL_DIR / the destination prefix, '/'-separated, and sorted in
// S3 key byte order (memcmp of the UTF-8 bytes: "a-b" < "a/x").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "s3/etag.h"

namespace s3mirror::sync {

struct LocalFile {
  std::string path{};  // relative, e.g. "news/2024/index.html"
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  std::uint64_t inode = 0;
  std::uint64_t device = 0;
};

struct RemoteObject {
  std::string key{};  // relative to the destination prefix
  std::uint64_t size = 0;
  s3::Etag etag{};  // 24 bytes, no allocation (s3/etag.h); assign the ETag's text
};

enum class UploadReason { kMissing, kSizeDiffers, kContentDiffers };

struct PlannedUpload {
  std::size_t local_index = 0;  // into the LocalFile list
  UploadReason reason = UploadReason::kMissing;
};

// An unchanged object whose headers are repaired with a metadata-only CopyObject onto itself;
// with check_first (the --fix-headers audit) it is HEAD'ed first and copied only when the stored
// headers differ from the desired ones.
struct HeaderRepair {
  std::size_t local_index = 0;
  std::uint64_t size = 0;
  std::string etag{};  // as listed: the copy is conditional on it
  bool check_first = false;
};

struct Plan {
  std::vector<PlannedUpload> uploads{};  // in key order, or in website order (first_page)
  std::vector<std::string> deletes{};    // relative keys, in key order
  std::uint64_t upload_bytes = 0;
  std::uint64_t skipped = 0;                   // unchanged files
  std::vector<HeaderRepair> header_repairs{};  // in key order, audited ones after the others
  // Website order (upload_order.h): uploads[0, first_page) are assets, the rest HTML pages, which
  // start only when every asset upload has ended. 0: one stage.
  std::size_t first_page = 0;
};

}  // namespace s3mirror::sync
