// Reading and writing the hash cache file (format in hash_cache.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <optional>
#include <string>

#include "sync/content/hash_cache.h"
#include "util/file.h"
#include "util/hashed_file.h"

namespace s3mirror::sync {
namespace {

constexpr std::string_view kMagic = "S3MHASH\n";
constexpr std::string_view kTrailer = "END!";
constexpr std::uint32_t kVersion = 2, kVersionWithoutUploadEtags = 1;
constexpr std::uint8_t kHasMd5 = 1, kHasMultipart = 2, kHasUploadEtag = 4;
constexpr std::uint32_t kMaxPathLength = 1 << 16;

Error IoError(const std::string& path, const char* what, int errno_value) {
  return Error{.kind = ErrorKind::kLocalIo,
               .message = std::string("hash cache ") + path + ": cannot " + what + ": " +
                          std::strerror(errno_value)};
}

struct Record {
  std::string path;
  FileStamp stamp;
  FileDigest digest;
};

bool ReadRecord(HashingReader& in, std::uint32_t path_length, Record& record) {
  if (path_length > kMaxPathLength) return false;
  record.path.resize(path_length);
  std::uint8_t flags = 0;
  if (!in.Read(record.path.data(), path_length) || !in.ReadInt(record.stamp.size) ||
      !in.ReadInt(record.stamp.mtime_ns) || !in.ReadInt(record.stamp.ctime_ns) ||
      !in.ReadInt(record.stamp.inode) || !in.ReadInt(flags)) {
    return false;
  }
  record.digest = FileDigest{};
  record.digest.has_md5 = (flags & kHasMd5) != 0;
  if (record.digest.has_md5 && !in.Read(record.digest.md5.data(), 16)) return false;
  if ((flags & kHasMultipart) != 0) {
    if (!in.Read(record.digest.multipart_md5.data(), 16) || !in.ReadInt(record.digest.parts)) {
      return false;
    }
  }
  if ((flags & kHasUploadEtag) != 0) {
    Md5Bytes md5{};
    std::uint32_t parts = 0;
    std::uint8_t is_md5 = 0;
    if (!in.Read(md5.data(), 16) || !in.ReadInt(parts) || !in.ReadInt(is_md5)) return false;
    record.digest.upload_etag = s3::Etag::Restore(md5, parts, is_md5 != 0);
  }
  return true;
}

// Reads the whole file, handing each entry to `on_entry` in file (key) order.
Status ReadCache(int fd, const std::string& path,
                 const std::function<void(const Record&)>& on_entry) {
  const auto damaged = [&](const std::string& why) {
    return Fail(ErrorKind::kLocalIo,
                "hash cache " + path + " is damaged (" + why + "); ignoring it");
  };
  HashingReader in(fd);
  char magic[8];
  std::uint32_t version = 0, reserved = 0;
  if (!in.Read(magic, sizeof magic) || std::string_view(magic, 8) != kMagic)
    return damaged("bad header");
  if (!in.ReadInt(version) || !in.ReadInt(reserved) ||
      (version != kVersion && version != kVersionWithoutUploadEtags))
    return damaged("unknown version");
  std::uint64_t records = 0;
  Record record;
  for (;;) {
    std::uint32_t path_length = 0;
    if (!in.ReadInt(path_length)) return damaged("truncated");
    if (path_length == 0x21444E45) break;  // "END!" read as a little-endian u32
    if (!ReadRecord(in, path_length, record)) return damaged("truncated");
    ++records;
    on_entry(record);
  }
  std::uint64_t count = 0;
  if (!in.ReadInt(count) || count != records) return damaged("wrong entry count");
  const std::string expected = in.FinishMd5();
  char stored[16];
  if (!in.Read(stored, sizeof stored, false) || expected != std::string_view(stored, 16)) {
    return damaged("checksum mismatch");
  }
  if (!in.AtEnd()) return damaged("trailing bytes");
  if (in.error() != 0) return Fail(IoError(path, "read", in.error()));
  return {};
}

// Opens `path` for ReadCache; a missing file is an empty optional.
Result<std::optional<Fd>> OpenCache(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.valid()) return std::optional<Fd>(std::move(fd));
  if (errno == ENOENT) return std::optional<Fd>();
  return Fail(IoError(path, "open", errno));
}

void WriteRecord(HashingWriter& out, const std::string& path, const FileStamp& stamp,
                 const FileDigest& digest) {
  out.WriteInt(static_cast<std::uint32_t>(path.size()));
  out.Write(path);
  out.WriteInt(stamp.size);
  out.WriteInt(stamp.mtime_ns);
  out.WriteInt(stamp.ctime_ns);
  out.WriteInt(stamp.inode);
  const auto flags = static_cast<std::uint8_t>((digest.has_md5 ? kHasMd5 : 0) |
                                               (digest.parts > 0 ? kHasMultipart : 0) |
                                               (digest.upload_etag.empty() ? 0 : kHasUploadEtag));
  out.WriteInt(flags);
  const auto view = [](const Md5Bytes& md5) {
    return std::string_view(reinterpret_cast<const char*>(md5.data()), md5.size());
  };
  if (digest.has_md5) out.Write(view(digest.md5));
  if (digest.parts > 0) {
    out.Write(view(digest.multipart_md5));
    out.WriteInt(digest.parts);
  }
  if (!digest.upload_etag.empty()) {
    out.Write(view(digest.upload_etag.md5()));
    out.WriteInt(digest.upload_etag.parts());
    out.WriteInt(static_cast<std::uint8_t>(digest.upload_etag.is_md5() ? 1 : 0));
  }
}

}  // namespace

Status SaveHashCache(const std::string& path, const std::vector<LocalFile>& files,
                     const HashCache& cache) {
  Result<AtomicFile> file = AtomicFile::Create(path, 0600, Temporary::kFixed);
  if (!file) return Fail(ErrorKind::kLocalIo, "hash cache: " + file.error().message);
  HashingWriter out(file->fd());
  out.Write(kMagic);
  out.WriteInt(kVersion);
  out.WriteInt(std::uint32_t{0});
  std::uint64_t count = 0;
  for (std::size_t i = 0; i < cache.file_count() && i < files.size(); ++i) {
    const std::optional<HashCache::Entry> entry = cache.EntryAt(i);
    if (!entry) continue;
    WriteRecord(out, files[i].path, entry->stamp, entry->digest);
    ++count;
  }
  out.Write(kTrailer);
  out.WriteInt(count);
  out.Write(out.FinishMd5(), false);
  if (!out.Flush()) return Fail(IoError(path, "write", out.error()));
  if (Status committed = file->Commit(); !committed) {
    return Fail(ErrorKind::kLocalIo, "hash cache: " + committed.error().message);
  }
  return {};
}

Result<HashCache> LoadHashCache(const std::string& path, const std::vector<LocalFile>& files) {
  Result<std::optional<Fd>> fd = OpenCache(path);
  if (!fd) return Fail(fd.error());
  HashCache cache(files);
  if (!fd->has_value()) return cache;
  std::size_t next_file = 0;
  Status read = ReadCache((*fd)->get(), path, [&](const Record& record) {
    // Merge-join: both the file and `files` are in key order.
    while (next_file < files.size() && files[next_file].path < record.path) ++next_file;
    if (next_file < files.size() && files[next_file].path == record.path &&
        StampOf(files[next_file]) == record.stamp) {
      cache.Record(next_file, record.stamp, record.digest);
    }
  });
  if (!read) return Fail(read.error());
  return cache;
}

Result<std::vector<std::string>> ListHashCachePaths(const std::string& path) {
  Result<std::optional<Fd>> fd = OpenCache(path);
  if (!fd) return Fail(fd.error());
  std::vector<std::string> paths;
  if (!fd->has_value()) return paths;
  Status read =
      ReadCache((*fd)->get(), path, [&](const Record& record) { paths.push_back(record.path); });
  if (!read) return Fail(read.error());
  return paths;
}

}  // namespace s3mirror::sync
