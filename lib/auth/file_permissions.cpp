#include "auth/file_permissions.h"

#include <sys/stat.h>

#include <cstdio>

namespace s3mirror::auth {

std::optional<std::string> LoosePermissionsWarning(std::string_view path, unsigned mode) {
  const bool group = (mode & S_IRGRP) != 0;
  const bool others = (mode & S_IROTH) != 0;
  if (!group && !others) return std::nullopt;
  const char* who = group && others ? "group and others" : group ? "its group" : "others";
  char octal[8];
  std::snprintf(octal, sizeof octal, "%04o", mode & 07777u);
  const std::string file(path);
  return file + " is readable by " + who + " (mode " + octal + "); run chmod 600 " + file;
}

std::optional<std::string> CredentialsFileWarning(const std::string& path) {
  struct stat info {};
  if (path.empty() || ::stat(path.c_str(), &info) != 0) return std::nullopt;
  return LoosePermissionsWarning(path, static_cast<unsigned>(info.st_mode));
}

}  // namespace s3mirror::auth
