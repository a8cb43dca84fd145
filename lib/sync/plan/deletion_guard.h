// The deletion guard: refuses a run's deletions when they look like a mistake (an unmounted or
// half-copied LOCAL_DIR would otherwise empty the mirror). Pure.
#pragma once

#include <cstdint>

#include "util/result.h"

namespace s3mirror::sync {

// --max-delete: a count, or a percentage of the remote objects under the prefix.
struct DeleteLimit {
  std::uint64_t count = 0;
  double percent = 10.0;
  bool is_percent = true;
};

// Ok when `deletes` is within `limit` (a count, or a percentage of `remote_objects`, rounded down)
// or `force` is set; kSafety otherwise, e.g. "refusing to delete 900 of 1000 objects (limit 10%);
// check that LOCAL_DIR is complete, or raise --max-delete / use --force-delete".
Status CheckDeletions(std::uint64_t deletes, std::uint64_t remote_objects, const DeleteLimit& limit,
                      bool force);

// The number of deletions `limit` allows out of `remote_objects`.
std::uint64_t AllowedDeletions(std::uint64_t remote_objects, const DeleteLimit& limit);

}  // namespace s3mirror::sync
