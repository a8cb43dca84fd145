#include "sync/header_record.h"

#include <cstring>

#include "util/crypto.h"
#include "util/file.h"

namespace s3mirror::sync {
namespace {

constexpr std::string_view kMagic = "S3MHDRS\n";
constexpr std::string_view kTrailer = "END!";
constexpr std::uint32_t kVersion = 1;

template <typename T>
void PutInt(std::string& out, T value) {
  auto v = static_cast<std::make_unsigned_t<T>>(value);
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    out += static_cast<char>(v & 0xFF);
    v = static_cast<decltype(v)>(v >> 8);
  }
}

// Reads from a byte string front to back; every read fails once the bytes run out.
class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  bool Int(T& value) {
    if (bytes_.size() < sizeof(T)) return false;
    std::make_unsigned_t<T> v = 0;
    for (std::size_t i = sizeof(T); i > 0; --i) {
      v = static_cast<decltype(v)>((v << 8) | static_cast<unsigned char>(bytes_[i - 1]));
    }
    bytes_.remove_prefix(sizeof(T));
    value = static_cast<T>(v);
    return true;
  }
  bool Bytes(std::size_t length, std::string_view& out) {
    if (bytes_.size() < length) return false;
    out = bytes_.substr(0, length);
    bytes_.remove_prefix(length);
    return true;
  }
  std::size_t left() const { return bytes_.size(); }

 private:
  std::string_view bytes_;
};

Result<HeaderRecord> Parse(std::string_view data, const std::string& path,
                           const std::vector<LocalFile>& files) {
  const auto damaged = [&](const std::string& why) {
    return Fail(ErrorKind::kLocalIo, "header record " + path + " is damaged (" + why +
                                         "); every object's headers count as unknown");
  };
  if (data.size() < kMagic.size() + 16 || !data.starts_with(kMagic)) return damaged("bad header");
  const std::string_view body = data.substr(0, data.size() - 16);
  if (Md5(body) != data.substr(data.size() - 16)) return damaged("checksum mismatch");
  Cursor in(body.substr(kMagic.size()));
  std::uint32_t version = 0, cursor_length = 0;
  std::string_view cursor;
  if (!in.Int(version) || version != kVersion) return damaged("unknown version");
  std::uint64_t settings = 0;
  if (!in.Int(cursor_length) || !in.Bytes(cursor_length, cursor) || !in.Int(settings)) {
    return damaged("truncated");
  }
  HeaderRecord record{.fingerprints = std::vector<std::uint64_t>(files.size(), 0),
                      .audit_cursor = std::string(cursor),
                      .settings_fingerprint = settings};
  std::size_t next_file = 0;
  std::uint64_t entries = 0;
  for (;;) {
    std::uint32_t length = 0;
    std::string_view key;
    std::uint64_t fingerprint = 0;
    if (!in.Int(length)) return damaged("truncated");
    if (length == 0x21444E45) break;  // "END!" read as a little-endian u32
    if (!in.Bytes(length, key) || !in.Int(fingerprint)) return damaged("truncated");
    ++entries;
    // Merge-join: both the file and `files` are in key order.
    while (next_file < files.size() && files[next_file].path < key) ++next_file;
    if (next_file < files.size() && files[next_file].path == key) {
      record.fingerprints[next_file] = fingerprint;
    }
  }
  std::uint64_t count = 0;
  if (!in.Int(count) || count != entries || in.left() != 0) return damaged("wrong entry count");
  return record;
}

}  // namespace

Result<HeaderRecord> LoadHeaderRecord(const std::string& path,
                                      const std::vector<LocalFile>& files) {
  Result<std::optional<std::string>> data = ReadFileIfExists(path);
  if (!data) return Fail(data.error());
  if (!data->has_value()) {
    return HeaderRecord{.fingerprints = std::vector<std::uint64_t>(files.size(), 0)};
  }
  return Parse(**data, path, files);
}

Status SaveHeaderRecord(const std::string& path, const std::vector<LocalFile>& files,
                        const HeaderRecord& record) {
  std::string out(kMagic);
  PutInt(out, kVersion);
  PutInt(out, static_cast<std::uint32_t>(record.audit_cursor.size()));
  out += record.audit_cursor;
  PutInt(out, record.settings_fingerprint);
  std::uint64_t count = 0;
  for (std::size_t i = 0; i < files.size() && i < record.fingerprints.size(); ++i) {
    if (record.fingerprints[i] == 0) continue;
    PutInt(out, static_cast<std::uint32_t>(files[i].path.size()));
    out += files[i].path;
    PutInt(out, record.fingerprints[i]);
    ++count;
  }
  out += kTrailer;
  PutInt(out, count);
  out += Md5(out);
  return WriteFileAtomic(path, out, 0600);
}

}  // namespace s3mirror::sync
