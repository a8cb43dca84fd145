#include "auth/profile_credentials.h"

#include <charconv>

#include "auth/assume_role_credentials.h"
#include "util/file.h"
#include "util/ini.h"

namespace s3mirror::auth {
namespace {

// One key's value and the file it came from.
struct Found {
  std::string value;
  std::string file;
};

}  // namespace

struct ProfileCredentials::Keys {
  bool section_found = false;
  Found access_key_id, secret_access_key, session_token;
  Found role_arn, source_profile, external_id, role_session_name, duration_seconds;
  Found credential_process;
};

namespace {

// Reads `path` (missing is fine) and fills the keys still empty from section `section`.
template <typename KeysT>
Status MergeSection(const std::string& path, const std::string& section, KeysT& keys) {
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
  fill(keys.role_arn, "role_arn");
  fill(keys.source_profile, "source_profile");
  fill(keys.external_id, "external_id");
  fill(keys.role_session_name, "role_session_name");
  fill(keys.duration_seconds, "duration_seconds");
  fill(keys.credential_process, "credential_process");
  return {};
}

}  // namespace

std::string ConfigSectionName(const std::string& profile) {
  return profile == "default" ? profile : "profile " + profile;
}

ProfileCredentials::ProfileCredentials(ProfileFiles files, ProfileServices services)
    : files_(std::move(files)), services_(std::move(services)) {}

std::string ProfileCredentials::Name() const {
  return "profile " + files_.profile + " (" + files_.credentials_file + ", " + files_.config_file +
         ")";
}

std::string ProfileCredentials::LookedAt() const {
  return files_.credentials_file + " or " + files_.config_file;
}

Result<ProfileCredentials::Keys> ProfileCredentials::Read(const std::string& profile) const {
  Keys keys;
  if (Status read = MergeSection(files_.credentials_file, profile, keys); !read) {
    return Fail(std::move(read).error());
  }
  if (Status read = MergeSection(files_.config_file, ConfigSectionName(profile), keys); !read) {
    return Fail(std::move(read).error());
  }
  return keys;
}

Result<std::optional<Credentials>> ProfileCredentials::Lookup() {
  return Resolve(files_.profile, files_.profile_requested, 0);
}

// Role first, then keys, then credential_process, as the AWS CLI.
Result<std::optional<Credentials>> ProfileCredentials::Resolve(const std::string& profile,
                                                               bool required, int depth) {
  Result<Keys> keys = Read(profile);
  if (!keys) return Fail(std::move(keys).error());
  if (!keys->role_arn.value.empty()) {
    Result<Credentials> assumed = AssumeRoleOf(profile, *keys, depth);
    if (!assumed) return Fail(std::move(assumed).error());
    return std::optional<Credentials>(std::move(*assumed));
  }
  const bool has_keys =
      !keys->access_key_id.value.empty() || !keys->secret_access_key.value.empty();
  if (has_keys || keys->credential_process.value.empty()) {
    return StaticKeys(profile, *keys, required);
  }
  const std::string source = "credential_process of profile " + profile;
  Result<Credentials> printed =
      RunCredentialProcess(CredentialProcess{.command = keys->credential_process.value,
                                             .source = source,
                                             .timeout = services_.process_timeout});
  if (!printed) return Fail(std::move(printed).error());
  printed->source = source + " in " + keys->credential_process.file;
  return std::optional<Credentials>(std::move(*printed));
}

Result<std::optional<Credentials>> ProfileCredentials::StaticKeys(const std::string& profile,
                                                                  const Keys& keys,
                                                                  bool required) const {
  const bool has_id = !keys.access_key_id.value.empty();
  const bool has_secret = !keys.secret_access_key.value.empty();
  if (!has_id && !has_secret) {
    if (!required) return std::optional<Credentials>();
    if (!keys.section_found) {
      return Fail(ErrorKind::kConfig, "profile " + profile + " not found in " + LookedAt() +
                                          ": check --profile / AWS_PROFILE");
    }
    return Fail(ErrorKind::kConfig,
                "profile " + profile + " in " + LookedAt() +
                    " has no aws_access_key_id and aws_secret_access_key, role_arn or "
                    "credential_process (SSO profiles are not supported)");
  }
  if (!has_id || !has_secret) {
    return Fail(ErrorKind::kConfig,
                "profile " + profile + " in " + LookedAt() + " has " +
                    (has_id ? "aws_access_key_id but no aws_secret_access_key"
                            : "aws_secret_access_key but no aws_access_key_id"));
  }
  return std::optional<Credentials>(
      Credentials{.access_key_id = keys.access_key_id.value,
                  .secret_access_key = keys.secret_access_key.value,
                  .session_token = keys.session_token.value,
                  .expiration = std::nullopt,
                  .source = "profile " + profile + " in " + keys.access_key_id.file,
                  .file = keys.access_key_id.file});
}

Result<Credentials> ProfileCredentials::AssumeRoleOf(const std::string& profile, const Keys& keys,
                                                     int depth) {
  const std::string subject = "profile " + profile + " (role " + keys.role_arn.value + ")";
  const std::string& source_profile = keys.source_profile.value;
  if (source_profile.empty()) {
    return Fail(ErrorKind::kConfig, subject + " in " + keys.role_arn.file +
                                        " has role_arn but no source_profile (credential_source "
                                        "is not supported)");
  }
  if (depth >= kMaxRoleChain) {
    return Fail(ErrorKind::kConfig, subject + ": source_profile chain longer than " +
                                        std::to_string(kMaxRoleChain) + " (a loop?)");
  }
  int duration = 0;
  if (const std::string& text = keys.duration_seconds.value; !text.empty()) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), duration);
    if (ec != std::errc() || end != text.data() + text.size() || duration < 900 ||
        duration > 43200) {
      return Fail(ErrorKind::kConfig, subject + ": duration_seconds \"" + text +
                                          "\" is not a number of seconds from 900 to 43200");
    }
  }
  // A profile that names itself uses its own keys (the AWS CLI does the same).
  Result<std::optional<Credentials>> base = source_profile == profile
                                                ? StaticKeys(profile, keys, true)
                                                : Resolve(source_profile, true, depth + 1);
  if (!base) {
    Error error = std::move(base).error();
    error.message = subject + ": source_profile " + source_profile + ": " + error.message;
    return Fail(std::move(error));
  }
  if (!transport_ && services_.make_transport) transport_ = services_.make_transport();
  if (!transport_) return Fail(ErrorKind::kInternal, subject + ": no transport for STS");
  const auto now = services_.clock ? services_.clock->Now() : std::chrono::system_clock::now();
  Result<Credentials> assumed =
      AssumeRole(AssumeRoleRequest{.role_arn = keys.role_arn.value,
                                   .session_name = keys.role_session_name.value,
                                   .external_id = keys.external_id.value,
                                   .duration_seconds = duration,
                                   .sts_endpoint = services_.sts_endpoint,
                                   .source = subject},
                 **base, *transport_, now);
  if (!assumed) return Fail(std::move(assumed).error());
  assumed->source = subject + " assumed with " + (*base)->source;
  return assumed;
}

}  // namespace s3mirror::auth
