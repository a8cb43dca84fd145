// The header record: for each key, the fingerprint (sync/headers/object_headers.h) of the header
// set s3mirror last gave its object (by upload or copy) or found on it (by HEAD), kept in the state
// dir so that a change of the rules repairs exactly the objects it affects, without a HEAD each.
// It also keeps where the --fix-headers audit stopped, so the next run resumes there.
// The in-memory form is aligned with this run's LocalFile list, like the hash cache.
//
// File format (version 1, integers little-endian):
//   "S3MHDRS\n" u32 version, u32 cursor length, cursor bytes (the key after which the audit
//   resumes; empty: from the start), u64 settings fingerprint
//   per entry, in key order: u32 path length, path bytes, u64 fingerprint
//   "END!" u64 entry count, 16-byte MD5 of every byte before it
// A damaged file is rejected as a whole (every object becomes "unknown"). Written atomically
// (PATH.tmp, fsync, rename, directory fsync; mode 0600). Read and written through a 1 MiB buffer:
// neither holds the file in memory. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sync/sync_types.h"
#include "util/result.h"

namespace s3mirror::sync {

struct HeaderRecord {
  std::vector<std::uint64_t> fingerprints{};  // aligned with the LocalFile list; 0: unknown
  std::string audit_cursor{};                 // relative path; empty: start of the listing
  // Fingerprint of the header settings (HeaderSettingsFingerprint) every recorded object was last
  // brought in line with; 0: unknown.
  std::uint64_t settings_fingerprint = 0;
};

// A missing file gives an all-unknown record; a damaged one kLocalIo saying why.
Result<HeaderRecord> LoadHeaderRecord(const std::string& path, const std::vector<LocalFile>& files);

Status SaveHeaderRecord(const std::string& path, const std::vector<LocalFile>& files,
                        const HeaderRecord& record);

}  // namespace s3mirror::sync
