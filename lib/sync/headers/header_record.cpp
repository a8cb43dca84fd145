#include "sync/headers/header_record.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "util/file.h"
#include "util/hashed_file.h"

namespace s3mirror::sync {
namespace {

constexpr std::string_view kMagic = "S3MHDRS\n";
constexpr std::string_view kTrailer = "END!";
constexpr std::uint32_t kVersion = 1;

constexpr std::uint32_t kMaxKeyLength = 1 << 16;

Unexpected<Error> Damaged(const std::string& path, const std::string& why) {
  return Fail(ErrorKind::kLocalIo, "header record " + path + " is damaged (" + why +
                                       "); every object's headers count as unknown");
}

// Reads a u32 length and that many bytes; false when cut short or implausibly long.
bool ReadString(HashingReader& in, std::string& out) {
  std::uint32_t length = 0;
  if (!in.ReadInt(length) || length > kMaxKeyLength) return false;
  out.resize(length);
  return in.Read(out.data(), length);
}

// The header up to the first entry: magic, version, cursor, settings fingerprint.
Status ReadHeader(HashingReader& in, const std::string& path, HeaderRecord& record) {
  char magic[8];
  if (!in.Read(magic, sizeof magic) || std::string_view(magic, sizeof magic) != kMagic) {
    return Damaged(path, "bad header");
  }
  std::uint32_t version = 0;
  if (!in.ReadInt(version) || version != kVersion) return Damaged(path, "unknown version");
  if (!ReadString(in, record.audit_cursor) || !in.ReadInt(record.settings_fingerprint)) {
    return Damaged(path, "truncated");
  }
  return {};
}

// Entries, merge-joined with `files` (both in key order), then the count and the checksum.
Status ReadEntries(HashingReader& in, const std::string& path, const std::vector<LocalFile>& files,
                   HeaderRecord& record) {
  std::size_t next_file = 0;
  std::uint64_t entries = 0;
  std::string key;
  for (;;) {
    std::uint32_t length = 0;
    std::uint64_t fingerprint = 0;
    if (!in.ReadInt(length)) return Damaged(path, "truncated");
    if (length == 0x21444E45) break;  // "END!" read as a little-endian u32
    if (length > kMaxKeyLength) return Damaged(path, "truncated");
    key.resize(length);
    if (!in.Read(key.data(), length) || !in.ReadInt(fingerprint)) return Damaged(path, "truncated");
    ++entries;
    while (next_file < files.size() && files[next_file].path < key) ++next_file;
    if (next_file < files.size() && files[next_file].path == key) {
      record.fingerprints[next_file] = fingerprint;
    }
  }
  std::uint64_t count = 0;
  if (!in.ReadInt(count) || count != entries) return Damaged(path, "wrong entry count");
  const std::string expected = in.FinishMd5();
  char stored[16];
  if (!in.Read(stored, sizeof stored, false) || expected != std::string_view(stored, 16)) {
    return Damaged(path, "checksum mismatch");
  }
  if (!in.AtEnd()) return Damaged(path, "trailing bytes");
  return {};
}

Result<HeaderRecord> Read(int fd, const std::string& path, const std::vector<LocalFile>& files) {
  HashingReader in(fd);
  HeaderRecord record{.fingerprints = std::vector<std::uint64_t>(files.size(), 0)};
  Status read = ReadHeader(in, path, record);
  if (read) read = ReadEntries(in, path, files, record);
  if (in.error() != 0) {
    return Fail(ErrorKind::kLocalIo,
                "cannot read header record " + path + ": " + std::strerror(in.error()));
  }
  if (!read) return Fail(read.error());
  return record;
}

void Write(HashingWriter& out, const std::vector<LocalFile>& files, const HeaderRecord& record) {
  out.Write(kMagic);
  out.WriteInt(kVersion);
  out.WriteInt(static_cast<std::uint32_t>(record.audit_cursor.size()));
  out.Write(record.audit_cursor);
  out.WriteInt(record.settings_fingerprint);
  std::uint64_t count = 0;
  for (std::size_t i = 0; i < files.size() && i < record.fingerprints.size(); ++i) {
    if (record.fingerprints[i] == 0) continue;
    out.WriteInt(static_cast<std::uint32_t>(files[i].path.size()));
    out.Write(files[i].path);
    out.WriteInt(record.fingerprints[i]);
    ++count;
  }
  out.Write(kTrailer);
  out.WriteInt(count);
  out.Write(out.FinishMd5(), false);
}

}  // namespace

Result<HeaderRecord> LoadHeaderRecord(const std::string& path,
                                      const std::vector<LocalFile>& files) {
  const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return HeaderRecord{.fingerprints = std::vector<std::uint64_t>(files.size(), 0)};
    }
    return Fail(ErrorKind::kLocalIo,
                "cannot read header record " + path + ": " + std::strerror(errno));
  }
  return Read(fd.get(), path, files);
}

Status SaveHeaderRecord(const std::string& path, const std::vector<LocalFile>& files,
                        const HeaderRecord& record) {
  Result<AtomicFile> file = AtomicFile::Create(path, 0600, Temporary::kFixed);
  if (!file) return Fail(file.error());
  HashingWriter out(file->fd());
  Write(out, files, record);
  if (!out.Flush()) {
    return Fail(ErrorKind::kLocalIo,
                "cannot write header record " + path + ": " + std::strerror(out.error()));
  }
  return file->Commit();
}

}  // namespace s3mirror::sync
