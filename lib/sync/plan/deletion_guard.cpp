#include "sync/plan/deletion_guard.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace s3mirror::sync {
namespace {

std::string FormatPercent(double percent) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g%%", percent);
  return buffer;
}

}  // namespace

std::uint64_t AllowedDeletions(std::uint64_t remote_objects, const DeleteLimit& limit) {
  if (!limit.is_percent) return limit.count;
  if (limit.percent <= 0) return 0;
  if (limit.percent >= 100) return remote_objects;
  // floor(remote * percent / 100), computed so that 10% of 1000 is exactly 100.
  const double allowed =
      std::floor(static_cast<double>(remote_objects) * limit.percent / 100.0 + 1e-9);
  return static_cast<std::uint64_t>(allowed);
}

Status CheckDeletions(std::uint64_t deletes, std::uint64_t remote_objects, const DeleteLimit& limit,
                      bool force) {
  if (force || deletes <= AllowedDeletions(remote_objects, limit)) return {};
  const std::string limit_text =
      limit.is_percent ? FormatPercent(limit.percent) : std::to_string(limit.count);
  return Fail(
      ErrorKind::kSafety,
      "refusing to delete " + std::to_string(deletes) + " of " + std::to_string(remote_objects) +
          " objects (limit " + limit_text +
          "); check that LOCAL_DIR is complete, or raise --max-delete / use --force-delete");
}

}  // namespace s3mirror::sync
