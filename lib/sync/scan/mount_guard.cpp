#include "sync/scan/mount_guard.h"

#include <algorithm>
#include <filesystem>

#include "util/file.h"

namespace s3mirror::sync {
namespace {

bool IsOctal(char c) { return c >= '0' && c <= '7'; }

// Whitespace-separated fields of one line.
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t at = 0;
  while (true) {
    at = line.find_first_not_of(" \t", at);
    if (at == std::string_view::npos) return fields;
    const size_t end = std::min(line.find_first_of(" \t", at), line.size());
    fields.push_back(line.substr(at, end - at));
    at = end;
  }
}

template <typename Visit>
void ForEachLine(std::string_view text, Visit visit) {
  while (!text.empty()) {
    const size_t end = std::min(text.find('\n'), text.size());
    visit(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
}

std::string NormalisedPath(const std::string& text) {
  std::string path = std::filesystem::path(text).lexically_normal().string();
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::string NormalisedMountPoint(std::string_view field) {
  return NormalisedPath(UnescapeMountField(field));
}

bool IsAncestorOrSelf(std::string_view ancestor, std::string_view path) {
  if (!path.starts_with(ancestor)) return false;
  return path.size() == ancestor.size() || ancestor == "/" || path[ancestor.size()] == '/';
}

Unexpected<Error> Refuse(std::string message) {
  return Fail(ErrorKind::kSafety,
              std::move(message) +
                  "; refusing to sync (mount it, or pass --no-mount-check if LOCAL_DIR is meant "
                  "to be used without it)");
}

}  // namespace

std::string UnescapeMountField(std::string_view field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() && IsOctal(field[i + 1]) &&
        IsOctal(field[i + 2]) && IsOctal(field[i + 3])) {
      const int value = (field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0');
      if (value <= 0xff) {
        out += static_cast<char>(value);
        i += 3;
        continue;
      }
    }
    out += field[i];
  }
  return out;
}

std::vector<std::string> ParseFstabMountPoints(std::string_view text) {
  std::vector<std::string> points;
  ForEachLine(text, [&](std::string_view line) {
    const std::vector<std::string_view> fields = Fields(line);
    if (fields.size() < 2 || fields[0].starts_with('#')) return;
    if (fields.size() > 2 && fields[2] == "swap") return;
    if (!fields[1].starts_with('/')) return;  // "none", "swap" and the like
    std::string point = NormalisedMountPoint(fields[1]);
    if (point != "/") points.push_back(std::move(point));
  });
  return points;
}

std::vector<std::string> ParseMountInfoMountPoints(std::string_view text) {
  std::vector<std::string> points;
  ForEachLine(text, [&](std::string_view line) {
    const std::vector<std::string_view> fields = Fields(line);
    if (fields.size() >= 5) points.push_back(NormalisedMountPoint(fields[4]));
  });
  return points;
}

std::string FindUnmountedAncestor(std::string_view local_dir,
                                  const std::vector<std::string>& expected,
                                  const std::vector<std::string>& mounted) {
  std::string deepest;
  for (const std::string& point : expected) {
    if (!IsAncestorOrSelf(point, local_dir) || point.size() <= deepest.size()) continue;
    if (std::find(mounted.begin(), mounted.end(), point) == mounted.end()) deepest = point;
  }
  return deepest;
}

Status CheckLocalDirMounted(const std::string& local_dir, const MountTables& tables) {
  Result<std::optional<std::string>> fstab = ReadFileIfExists(tables.fstab);
  if (!fstab) return Refuse("cannot read " + tables.fstab + ": " + fstab.error().message);
  if (!*fstab) return {};
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(local_dir, error);
  const std::filesystem::path real =
      error ? absolute : std::filesystem::weakly_canonical(absolute, error);
  if (error) return Refuse("cannot resolve LOCAL_DIR " + local_dir + ": " + error.message());
  const std::string dir = NormalisedPath(real.string());
  const std::vector<std::string> expected = ParseFstabMountPoints(**fstab);
  if (FindUnmountedAncestor(dir, expected, {}).empty()) return {};  // no fstab entry above it
  Result<std::string> mountinfo = ReadFile(tables.mountinfo);
  if (!mountinfo) {
    return Refuse("cannot tell whether the filesystem of LOCAL_DIR " + local_dir +
                  " is mounted: " + mountinfo.error().message);
  }
  const std::string unmounted =
      FindUnmountedAncestor(dir, expected, ParseMountInfoMountPoints(*mountinfo));
  if (unmounted.empty()) return {};
  return Refuse("LOCAL_DIR " + local_dir + " lies under " + unmounted + ", which " + tables.fstab +
                " lists but where nothing is mounted now");
}

}  // namespace s3mirror::sync
