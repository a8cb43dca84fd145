#include "auth/profile_credentials.h"

#include "util/file.h"
#include "util/ini.h"

namespace s3mirror::auth {
namespace {

// One key's value and the file it came from.
struct Found {
  std::string value;
  std::string file;
};

struct ProfileKeys {
  bool section_found = false;
  Found access_key_id, secret_access_key, session_token;
};

// Reads `path` (missing is fine) and fills the keys still empty from section `section`.
Status MergeSection(const std::string& path, const std::string& section, ProfileKeys& keys) {
  if (path.empty()) return {};
  Result<std::optional<std::string>> text = ReadFileIfExists(path);
  if (!text) return Fail(std::move(text).error());
  if (!text->has_value()) return {};
  Result<IniFile> ini = ParseIni(**text, path);
  if (!ini) return Fail(std::move(ini).error());
  const IniSection* found = ini->FindSection(section);
  if (found == nullptr) return {};
  keys.section_found = true;
  const auto fill = [&](Found& slot, std::string_view key) {
    const std::string* value = found->Find(key);
    if (slot.value.empty() && value != nullptr && !value->empty()) slot = Found{*value, path};
  };
  fill(keys.access_key_id, "aws_access_key_id");
  fill(keys.secret_access_key, "aws_secret_access_key");
  fill(keys.session_token, "aws_session_token");
  return {};
}

}  // namespace

std::string ConfigSectionName(const std::string& profile) {
  return profile == "default" ? profile : "profile " + profile;
}

std::string ProfileCredentials::Name() const {
  return "profile " + files_.profile + " (" + files_.credentials_file + ", " + files_.config_file +
         ")";
}

Result<std::optional<Credentials>> ProfileCredentials::Lookup() {
  ProfileKeys keys;
  if (Status read = MergeSection(files_.credentials_file, files_.profile, keys); !read) {
    return Fail(std::move(read).error());
  }
  const std::string config_section = ConfigSectionName(files_.profile);
  if (Status read = MergeSection(files_.config_file, config_section, keys); !read) {
    return Fail(std::move(read).error());
  }
  const std::string looked_at = files_.credentials_file + " or " + files_.config_file;
  const bool has_id = !keys.access_key_id.value.empty();
  const bool has_secret = !keys.secret_access_key.value.empty();
  if (!has_id && !has_secret) {
    if (!files_.profile_requested) return std::optional<Credentials>();
    if (!keys.section_found) {
      return Fail(ErrorKind::kConfig, "profile " + files_.profile + " not found in " + looked_at +
                                          ": check --profile / AWS_PROFILE");
    }
    return Fail(ErrorKind::kConfig,
                "profile " + files_.profile + " in " + looked_at +
                    " has no aws_access_key_id and aws_secret_access_key (role, SSO and process "
                    "profiles are not supported)");
  }
  if (!has_id || !has_secret) {
    return Fail(ErrorKind::kConfig,
                "profile " + files_.profile + " in " + looked_at + " has " +
                    (has_id ? "aws_access_key_id but no aws_secret_access_key"
                            : "aws_secret_access_key but no aws_access_key_id"));
  }
  return std::optional<Credentials>(
      Credentials{.access_key_id = keys.access_key_id.value,
                  .secret_access_key = keys.secret_access_key.value,
                  .session_token = keys.session_token.value,
                  .expiration = std::nullopt,
                  .source = "profile " + files_.profile + " in " + keys.access_key_id.file,
                  .file = keys.access_key_id.file});
}

}  // namespace s3mirror::auth
