// Reading and writing the hash cache file (format in hash_cache.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "sync/hash_cache.h"
#include "util/crypto.h"

namespace s3mirror::sync {
namespace {

constexpr std::string_view kMagic = "S3MHASH\n";
constexpr std::string_view kTrailer = "END!";
constexpr std::uint32_t kVersion = 1;
constexpr std::uint8_t kHasMd5 = 1, kHasMultipart = 2;
constexpr std::size_t kBufferSize = 1 << 20;
constexpr std::uint32_t kMaxPathLength = 1 << 16;

Error IoError(const std::string& path, const char* what, int errno_value) {
  return Error{.kind = ErrorKind::kLocalIo,
               .message = std::string("hash cache ") + path + ": cannot " + what + ": " +
                          std::strerror(errno_value)};
}

// Buffered reader that hashes every byte it hands out, for the trailing checksum.
class HashingReader {
 public:
  explicit HashingReader(int fd) : fd_(fd) {}
  // False at end of file or on error (error() tells which).
  bool Read(void* out, std::size_t length, bool hash = true) {
    auto* bytes = static_cast<char*>(out);
    while (length > 0) {
      if (position_ == buffer_.size() && !Fill()) return false;
      const std::size_t n = std::min(length, buffer_.size() - position_);
      std::memcpy(bytes, buffer_.data() + position_, n);
      if (hash) hash_.Update({buffer_.data() + position_, n});
      position_ += n, bytes += n, length -= n;
    }
    return true;
  }
  template <typename T>
  bool ReadInt(T& value) {
    unsigned char raw[sizeof(T)];
    if (!Read(raw, sizeof raw)) return false;
    std::make_unsigned_t<T> v = 0;
    for (std::size_t i = sizeof raw; i > 0; --i)
      v = static_cast<decltype(v)>((v << 8) | raw[i - 1]);
    value = static_cast<T>(v);
    return true;
  }
  bool AtEnd() { return position_ == buffer_.size() && !Fill(); }
  std::string FinishMd5() { return hash_.FinishMd5(); }
  int error() const { return error_; }

 private:
  bool Fill() {
    buffer_.resize(kBufferSize);
    ssize_t n;
    do n = ::read(fd_, buffer_.data(), buffer_.size());
    while (n < 0 && errno == EINTR);
    if (n < 0) error_ = errno;
    buffer_.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    position_ = 0;
    return n > 0;
  }
  int fd_;
  std::string buffer_;
  std::size_t position_ = 0;
  int error_ = 0;
  StreamingHash hash_;
};

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
  return true;
}

// Also appends every path in the file to `*paths` when `paths` is not null.
Result<HashCache> ReadCache(int fd, const std::string& path, const std::vector<LocalFile>& files,
                            std::vector<std::string>* paths) {
  const auto damaged = [&](const std::string& why) {
    return Fail(ErrorKind::kLocalIo,
                "hash cache " + path + " is damaged (" + why + "); ignoring it");
  };
  HashingReader in(fd);
  char magic[8];
  std::uint32_t version = 0, reserved = 0;
  if (!in.Read(magic, sizeof magic) || std::string_view(magic, 8) != kMagic)
    return damaged("bad header");
  if (!in.ReadInt(version) || !in.ReadInt(reserved) || version != kVersion)
    return damaged("unknown version");
  HashCache cache(files.size());
  std::size_t next_file = 0;
  std::uint64_t records = 0;
  Record record;
  for (;;) {
    std::uint32_t path_length = 0;
    if (!in.ReadInt(path_length)) return damaged("truncated");
    if (path_length == 0x21444E45) break;  // "END!" read as a little-endian u32
    if (!ReadRecord(in, path_length, record)) return damaged("truncated");
    ++records;
    if (paths != nullptr) paths->push_back(record.path);
    // Merge-join: both the file and `files` are in key order.
    while (next_file < files.size() && files[next_file].path < record.path) ++next_file;
    if (next_file < files.size() && files[next_file].path == record.path &&
        StampOf(files[next_file]) == record.stamp) {
      cache.Record(next_file, record.stamp, record.digest);
    }
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
  return cache;
}

// Buffered writer that hashes everything it writes.
class HashingWriter {
 public:
  explicit HashingWriter(int fd) : fd_(fd) {}
  void Write(std::string_view bytes, bool hash = true) {
    if (hash) hash_.Update(bytes);
    buffer_.append(bytes);
    if (buffer_.size() >= kBufferSize) Flush();
  }
  template <typename T>
  void WriteInt(T value) {
    auto v = static_cast<std::make_unsigned_t<T>>(value);
    char raw[sizeof(T)];
    for (char& byte : raw) {
      byte = static_cast<char>(v & 0xFF);
      v = static_cast<decltype(v)>(v >> 8);
    }
    Write({raw, sizeof raw});
  }
  std::string FinishMd5() { return hash_.FinishMd5(); }
  // False (errno in error()) when a write failed.
  bool Flush() {
    std::size_t done = 0;
    while (error_ == 0 && done < buffer_.size()) {
      const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno != EINTR) error_ = errno;
      if (n > 0) done += static_cast<std::size_t>(n);
    }
    buffer_.clear();
    return error_ == 0;
  }
  int error() const { return error_; }

 private:
  int fd_;
  std::string buffer_;
  int error_ = 0;
  StreamingHash hash_;
};

void WriteRecord(HashingWriter& out, const std::string& path, const FileStamp& stamp,
                 const FileDigest& digest) {
  out.WriteInt(static_cast<std::uint32_t>(path.size()));
  out.Write(path);
  out.WriteInt(stamp.size);
  out.WriteInt(stamp.mtime_ns);
  out.WriteInt(stamp.ctime_ns);
  out.WriteInt(stamp.inode);
  const auto flags = static_cast<std::uint8_t>((digest.has_md5 ? kHasMd5 : 0) |
                                               (digest.parts > 0 ? kHasMultipart : 0));
  out.WriteInt(flags);
  const auto view = [](const Md5Bytes& md5) {
    return std::string_view(reinterpret_cast<const char*>(md5.data()), md5.size());
  };
  if (digest.has_md5) out.Write(view(digest.md5));
  if (digest.parts > 0) {
    out.Write(view(digest.multipart_md5));
    out.WriteInt(digest.parts);
  }
}

}  // namespace

Status SaveHashCache(const std::string& path, const std::vector<LocalFile>& files,
                     const HashCache& cache) {
  const std::string temp = path + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Fail(IoError(temp, "create", errno));
  HashingWriter out(fd);
  out.Write(kMagic);
  out.WriteInt(kVersion);
  out.WriteInt(std::uint32_t{0});
  std::uint64_t count = 0;
  for (std::size_t i = 0; i < cache.slots_.size() && i < files.size(); ++i) {
    const auto& slot = cache.slots_[i];
    if (!slot.known) continue;
    WriteRecord(out, files[i].path, slot.stamp, slot.digest);
    ++count;
  }
  out.Write(kTrailer);
  out.WriteInt(count);
  out.Write(out.FinishMd5(), false);
  const bool written = out.Flush() && ::fsync(fd) == 0;
  const int saved = out.error() != 0 ? out.error() : errno;
  ::close(fd);
  if (!written || ::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = written ? errno : saved;
    ::unlink(temp.c_str());
    return Fail(IoError(path, "write", error));
  }
  return {};
}

Result<HashCache> LoadHashCache(const std::string& path, const std::vector<LocalFile>& files) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return HashCache(files.size());
    return Fail(IoError(path, "open", errno));
  }
  Result<HashCache> cache = ReadCache(fd, path, files, nullptr);
  ::close(fd);
  return cache;
}

Result<std::vector<std::string>> ListHashCachePaths(const std::string& path) {
  std::vector<std::string> paths;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return paths;
    return Fail(IoError(path, "open", errno));
  }
  Result<HashCache> cache = ReadCache(fd, path, {}, &paths);
  ::close(fd);
  if (!cache) return Fail(cache.error());
  return paths;
}

}  // namespace s3mirror::sync
