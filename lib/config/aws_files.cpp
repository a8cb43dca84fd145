#include "config/aws_files.h"

#include "auth/profile_credentials.h"
#include "util/file.h"

namespace s3mirror::config {
namespace {

std::string ValueOr(const IniSection& section, std::string_view key) {
  const std::string* value = section.Find(key);
  return value == nullptr ? std::string() : *value;
}

}  // namespace

ProfileSettings ProfileSettingsFromIni(const IniFile& config, const std::string& profile) {
  const IniSection* section = config.FindSection(auth::ConfigSectionName(profile));
  if (section == nullptr) return {};
  ProfileSettings settings{.region = ValueOr(*section, "region"),
                           .endpoint_url = ValueOr(*section, "s3.endpoint_url"),
                           .ca_bundle = ValueOr(*section, "ca_bundle")};
  if (settings.endpoint_url.empty()) settings.endpoint_url = ValueOr(*section, "endpoint_url");
  return settings;
}

Result<ProfileSettings> ReadProfileSettings(const std::string& config_file,
                                            const std::string& profile) {
  if (config_file.empty()) return ProfileSettings{};
  Result<std::optional<std::string>> text = ReadFileIfExists(config_file);
  if (!text) return Fail(std::move(text).error());
  if (!text->has_value()) return ProfileSettings{};
  Result<IniFile> ini = ParseIni(**text, config_file);
  if (!ini) return Fail(std::move(ini).error());
  return ProfileSettingsFromIni(*ini, profile);
}

}  // namespace s3mirror::config
