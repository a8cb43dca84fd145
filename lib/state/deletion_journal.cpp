#include "state/deletion_journal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>

#include "state/json_fields.h"
#include "util/file.h"

namespace s3mirror::state {
namespace {

using nlohmann::json;

Unexpected<Error> IoFailure(const std::string& path, const char* what) {
  return Fail(ErrorKind::kLocalIo,
              "deletion journal " + path + ": cannot " + what + ": " + std::strerror(errno));
}

// Renames a journal that has reached `rotate_bytes` to <path>.1. A missing journal is fine.
Status RotateIfFull(const std::string& path, std::uint64_t rotate_bytes) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return errno == ENOENT ? Status{} : IoFailure(path, "stat");
  if (static_cast<std::uint64_t>(info.st_size) < rotate_bytes) return {};
  if (::rename(path.c_str(), (path + ".1").c_str()) != 0) return IoFailure(path, "rotate");
  return {};
}

Status WriteAll(int fd, const std::string& path, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoFailure(path, "write");
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

// The non-empty lines of `path`, or none when it does not exist.
Result<std::vector<std::string>> ReadLines(const std::string& path) {
  Result<std::optional<std::string>> text = ReadFileIfExists(path);
  if (!text) return Fail(text.error());
  std::vector<std::string> lines;
  if (!*text) return lines;
  std::istringstream in(**text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace

std::string DeletionRecordToJson(const DeletionRecord& r) {
  const json doc = {{"key", r.key},
                    {"size", r.size},
                    {"etag", r.etag},
                    {"deleted_at", FormatUtcIso(r.deleted_at)},
                    {"destination", r.destination_url},
                    {"run_pid", r.run_pid},
                    {"run_started_at", FormatUtcIso(r.run_started_at)}};
  return JsonDump(doc);
}

Result<DeletionRecord> DeletionRecordFromJson(std::string_view line) {
  const json doc = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Fail(ErrorKind::kInternal, "not a JSON object");
  const auto deleted_at = ParseUtcIso(JsonString(doc, "deleted_at"));
  const auto started_at = ParseUtcIso(JsonString(doc, "run_started_at"));
  DeletionRecord r;
  r.key = JsonString(doc, "key");
  if (r.key.empty() || !deleted_at || !started_at) {
    return Fail(ErrorKind::kInternal, "no key, deleted_at or run_started_at");
  }
  r.size = JsonUint(doc, "size");
  r.etag = JsonString(doc, "etag");
  r.deleted_at = *deleted_at;
  r.destination_url = JsonString(doc, "destination");
  r.run_pid = static_cast<int>(JsonInt(doc, "run_pid", 0));
  r.run_started_at = *started_at;
  return r;
}

Status AppendDeletions(const std::string& path, const std::vector<DeletionRecord>& records,
                       std::uint64_t rotate_bytes) {
  if (records.empty()) return {};
  if (Status rotated = RotateIfFull(path, rotate_bytes); !rotated) return rotated;
  std::string text;
  for (const DeletionRecord& record : records) text += DeletionRecordToJson(record) + "\n";
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return IoFailure(path, "open");
  // The umask may have narrowed it further, never widened it; an older file is made private too.
  Status written = ::fchmod(fd, 0600) == 0 ? WriteAll(fd, path, text) : IoFailure(path, "chmod");
  if (written && ::fsync(fd) != 0) written = IoFailure(path, "fsync");
  ::close(fd);
  return written;
}

Result<std::vector<DeletionRecord>> ReadLastDeletions(const std::string& path, std::size_t limit) {
  Result<std::vector<std::string>> lines = ReadLines(path);
  if (!lines) return Fail(lines.error());
  if (lines->size() < limit) {
    Result<std::vector<std::string>> older = ReadLines(path + ".1");
    if (!older) return Fail(older.error());
    lines->insert(lines->begin(), older->begin(), older->end());
  }
  std::vector<DeletionRecord> records;
  for (auto it = lines->rbegin(); it != lines->rend() && records.size() < limit; ++it) {
    Result<DeletionRecord> record = DeletionRecordFromJson(*it);
    if (record) records.push_back(std::move(*record));
  }
  std::reverse(records.begin(), records.end());
  return records;
}

}  // namespace s3mirror::state
