#include "auth/s3cmd_credentials.h"

#include "util/file.h"
#include "util/ini.h"

namespace s3mirror::auth {
namespace {

std::string ValueOr(const IniSection* section, std::string_view key) {
  const std::string* value = section == nullptr ? nullptr : section->Find(key);
  return value == nullptr ? std::string() : *value;
}

}  // namespace

Result<std::optional<Credentials>> S3cmdCredentials::Lookup() {
  if (config_.path.empty()) return std::optional<Credentials>();
  Result<std::optional<std::string>> text = ReadFileIfExists(config_.path);
  if (!text) return Fail(std::move(text).error());
  if (!text->has_value()) {
    if (!config_.required) return std::optional<Credentials>();
    return Fail(ErrorKind::kConfig, "s3cmd config " + config_.path + " does not exist (--config)");
  }
  Result<IniFile> ini = ParseIni(**text, config_.path);
  if (!ini) return Fail(std::move(ini).error());
  const IniSection* section = ini->FindSection("default");
  const std::string access_key = ValueOr(section, "access_key");
  const std::string secret_key = ValueOr(section, "secret_key");
  if (access_key.empty() && secret_key.empty()) return std::optional<Credentials>();
  if (access_key.empty() || secret_key.empty()) {
    return Fail(ErrorKind::kConfig, "s3cmd config " + config_.path + " has " +
                                        (access_key.empty() ? "secret_key but no access_key"
                                                            : "access_key but no secret_key"));
  }
  return std::optional<Credentials>(Credentials{.access_key_id = access_key,
                                                .secret_access_key = secret_key,
                                                .session_token = ValueOr(section, "access_token"),
                                                .expiration = std::nullopt,
                                                .source = Name(),
                                                .file = config_.path});
}

}  // namespace s3mirror::auth
