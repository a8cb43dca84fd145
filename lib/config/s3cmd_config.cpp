#include "config/s3cmd_config.h"

#include <algorithm>
#include <cctype>

#include "util/file.h"

namespace s3mirror::config {
namespace {

std::string ValueOr(const IniSection* section, std::string_view key) {
  const std::string* value = section == nullptr ? nullptr : section->Find(key);
  return value == nullptr ? std::string() : *value;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool IsFalse(const std::string& value) {
  const std::string lower = Lower(value);
  return lower == "false" || lower == "no" || lower == "off" || lower == "0";
}

bool IsAwsHost(const std::string& host) {
  return host == "s3.amazonaws.com" ||
         (host.starts_with("s3.") && host.ends_with(".amazonaws.com"));
}

// s3cmd's bucket_location uses the old names for the first two regions.
std::string RegionFromLocation(const std::string& location) {
  const std::string lower = Lower(location);
  if (lower == "us" || lower == "us-east-1") return "us-east-1";
  if (lower == "eu") return "eu-west-1";
  return location;
}

}  // namespace

S3cmdSettings S3cmdSettingsFromIni(const IniFile& config) {
  const IniSection* section = config.FindSection("default");
  S3cmdSettings settings{.endpoint_url = "",
                         .addressing = std::nullopt,
                         .region = RegionFromLocation(ValueOr(section, "bucket_location")),
                         .ca_certs_file = ValueOr(section, "ca_certs_file")};
  const std::string host_base = ValueOr(section, "host_base");
  if (host_base.empty() || IsAwsHost(host_base)) return settings;
  const bool has_scheme = host_base.find("://") != std::string::npos;
  const std::string scheme = IsFalse(ValueOr(section, "use_https")) ? "http" : "https";
  settings.endpoint_url = has_scheme ? host_base : scheme + "://" + host_base;
  const std::string host_bucket = ValueOr(section, "host_bucket");
  if (!host_bucket.empty()) {
    settings.addressing = host_bucket.find("%(bucket)s") != std::string::npos
                              ? s3::Addressing::kVirtual
                              : s3::Addressing::kPath;
  }
  return settings;
}

Result<std::optional<S3cmdSettings>> ReadS3cmdSettings(const std::string& path) {
  Result<std::optional<std::string>> text = ReadFileIfExists(path);
  if (!text) return Fail(std::move(text).error());
  if (!text->has_value()) return std::optional<S3cmdSettings>();
  Result<IniFile> ini = ParseIni(**text, path);
  if (!ini) return Fail(std::move(ini).error());
  return std::optional<S3cmdSettings>(S3cmdSettingsFromIni(*ini));
}

}  // namespace s3mirror::config
