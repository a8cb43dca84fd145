// Credentials files should be private to their owner; a group- or world-readable one is worth a
// warning (the CLI prints it; it does not stop the run).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace s3mirror::auth {

// Pure: the warning for a file with permission bits `mode`, or nullopt when only the owner can
// read it. "/root/.aws/credentials is readable by group and others (mode 0644); run chmod 600 ..."
std::optional<std::string> LoosePermissionsWarning(std::string_view path, unsigned mode);

// Stats `path` and applies LoosePermissionsWarning; nullopt also when the file cannot be stat'ed.
std::optional<std::string> CredentialsFileWarning(const std::string& path);

}  // namespace s3mirror::auth
