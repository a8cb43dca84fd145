// Mount guard: refuses a sync whose LOCAL_DIR lies on a filesystem that /etc/fstab names but that
// is not mounted now. An unmounted filesystem leaves its mount point as an ordinary directory
// (often empty, sometimes holding stale files), and syncing that with --delete would empty or roll
// back the mirror. Every fstab entry counts, `noauto` ones too: when such a filesystem is not
// mounted, the directory under it is not the tree either. Swap entries, "none" and "/" do not.
// Parsing and matching are pure; CheckLocalDirMounted reads the two files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace s3mirror::sync {

// Mount-point fields escape space, tab, newline and backslash as octal: "\040" -> ' '. Other
// backslashes are kept as they are.
std::string UnescapeMountField(std::string_view field);

// The mount points of fstab(5) text (second field, unescaped, lexically normalised, no trailing
// '/'), in file order, without comments, swap entries, "none" and "/". Lines with fewer than two
// fields are skipped.
std::vector<std::string> ParseFstabMountPoints(std::string_view text);

// The mount points (fifth field, unescaped) of /proc/self/mountinfo text (proc(5)).
std::vector<std::string> ParseMountInfoMountPoints(std::string_view text);

// The deepest of `expected` that is `local_dir` or one of its ancestors and is not in `mounted`;
// empty when there is none. Requires: local_dir absolute and normalised.
std::string FindUnmountedAncestor(std::string_view local_dir,
                                  const std::vector<std::string>& expected,
                                  const std::vector<std::string>& mounted);

struct MountTables {
  std::string fstab = "/etc/fstab";  // a missing file means no expected mounts
  std::string mountinfo = "/proc/self/mountinfo";
};

// kSafety when LOCAL_DIR (made absolute, symbolic links resolved as far as it exists) lies under
// an fstab mount point that mountinfo does not list, or when that cannot be told because
// mountinfo cannot be read. The message names the mount point and --no-mount-check.
Status CheckLocalDirMounted(const std::string& local_dir, const MountTables& tables);

}  // namespace s3mirror::sync
