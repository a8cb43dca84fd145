// The hash cache: MD5s of local files from earlier runs, kept in the state dir so unchanged files
// (same size, mtime, ctime and inode) are not read again. The in-memory form is aligned with this
// run's LocalFile list, so a million files need no path-keyed map, and is kept small (17 bytes a
// file, 17 MB for a million):
// - A slot holds only the whole-file MD5 and flags. Its stamp is the file's scanned stamp, read
//   from the LocalFile list the cache refers to, not stored again.
// - Multipart digests (only files above the multipart threshold have them) live in a side table.
// - So do the ETags the server gave uploads when they are not the content's MD5 (SSE-KMS, SSE-C):
//   such an ETag says nothing about the content, but as long as the file keeps its stamp, the
//   object listed with that ETag is the one uploaded from it.
// - A digest recorded under another stamp than the scanned one (the file changed after the scan:
//   the hash or upload saw a newer version) lives in a second side table with its stamp. It is
//   found only under that stamp, so it is never trusted for the scanned version, and it is saved
//   with that stamp so that the next run, which scans the new version, can use it. As in a single
//   slot, a file has one recorded version at a time: recording another stamp replaces it.
//
// File format (version 2, integers little-endian; version 1, which lacks flag 4, is read too):
//   "S3MHASH\n" u32 version u32 0
//   per entry, in key order: u32 path length, path bytes, u64 size, i64 mtime_ns, i64 ctime_ns,
//     u64 inode, u8 flags (1: md5, 2: multipart, 4: upload ETag), [16 md5],
//     [16 multipart md5, u32 parts], [16 ETag md5, u32 ETag parts, u8 ETag is an MD5 form]
//   "END!" u64 entry count, 16-byte MD5 of every byte before it
// A file with a wrong header, version, count or checksum, or cut short, is rejected as a whole.
// Written atomically (PATH.tmp, fsync, rename, directory fsync; mode 0600) through a 1 MiB buffer,
// and read through one. Not thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "s3/etag.h"
#include "sync/content/file_reader.h"
#include "sync/sync_types.h"
#include "util/result.h"

namespace s3mirror::sync {

using Md5Bytes = std::array<unsigned char, 16>;

// What is known about one version of a file's content.
struct FileDigest {
  Md5Bytes md5{};  // whole-file MD5, when has_md5
  bool has_md5 = false;
  Md5Bytes multipart_md5{};  // MD5 of the part MD5s of a multipart upload, when parts > 0
  std::uint32_t parts = 0;
  // The ETag the server gave this content's upload, when it is neither of the above (SSE-KMS).
  s3::Etag upload_etag{};

  // True when `etag` is this content's single-part or multipart ETag, or its upload's ETag (text
  // converts implicitly).
  bool MatchesEtag(const s3::Etag& etag) const;
  // Adds what `other` knows (for the same file version).
  void Merge(const FileDigest& other);
};

Md5Bytes ToMd5Bytes(std::string_view binary_md5);  // Requires: 16 bytes

// Requires: the LocalFile list a cache is built over outlives it and is not changed meanwhile.
class HashCache {
 public:
  HashCache() = default;  // over no files
  explicit HashCache(const std::vector<LocalFile>& files) : files_(&files), slots_(files.size()) {}

  // The digest recorded for file `index` under exactly `stamp`, or nullopt.
  std::optional<FileDigest> Find(std::size_t index, const FileStamp& stamp) const;
  // Records (or, for the same stamp, extends) what is known about file `index`.
  void Record(std::size_t index, const FileStamp& stamp, const FileDigest& digest);
  std::size_t file_count() const { return slots_.size(); }
  std::size_t known_count() const;

  struct Entry {
    FileStamp stamp;
    FileDigest digest;
  };
  // What is recorded for file `index`, under whichever stamp, or nullopt.
  std::optional<Entry> EntryAt(std::size_t index) const;

 private:
  struct Slot {
    Md5Bytes md5{};
    std::uint8_t flags = 0;  // kKnown, kMd5, kMultipart (hash_cache.cpp)
  };
  struct Multipart {
    Md5Bytes md5{};
    std::uint32_t parts = 0;
  };
  FileStamp ScannedStamp(std::size_t index) const;
  FileDigest DigestAt(std::size_t index) const;  // Requires: slot `index` is known
  void Clear(std::size_t index);
  void Merge(std::size_t index, const FileDigest& digest);

  const std::vector<LocalFile>* files_ = nullptr;
  std::vector<Slot> slots_{};
  std::unordered_map<std::size_t, Multipart> multipart_{};  // by index, for known slots
  // By index, for known slots; allocated with the first upload ETag (24 bytes a file, 24 MB for a
  // million SSE-KMS objects; a hash map would need about three times that).
  std::vector<s3::Etag> upload_etags_{};
  std::unordered_map<std::size_t, Entry> changed_{};  // by index; slot then not known
};

// Loads the entries of `path` that match `files` (sorted, this run's scan) by path and stamp. A
// missing file gives an empty cache; a damaged one gives kLocalIo saying why (the caller warns and
// starts empty: a damaged cache is never trusted).
Result<HashCache> LoadHashCache(const std::string& path, const std::vector<LocalFile>& files);

// Every path recorded in `path`, in key order (the files of the last run that saved it). A missing
// file has none; kLocalIo when it is damaged or cannot be read.
Result<std::vector<std::string>> ListHashCachePaths(const std::string& path);

// Writes every known slot of `cache` (aligned with `files`) to `path` atomically. kLocalIo on
// error.
Status SaveHashCache(const std::string& path, const std::vector<LocalFile>& files,
                     const HashCache& cache);

}  // namespace s3mirror::sync
