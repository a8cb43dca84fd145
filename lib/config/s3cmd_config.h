// Non-secret settings of an s3cmd config file (~/.s3cfg or --config FILE), [default] section:
//   host_base       "s3.amazonaws.com" (AWS) or "minio.example:9000" -> the endpoint host
//   use_https       True/False (default True) -> the endpoint scheme
//   host_bucket     contains "%(bucket)s" -> virtual-hosted addressing, otherwise path style
//   bucket_location "US" -> us-east-1, "EU" -> eu-west-1, else a region name
//   ca_certs_file   CA bundle for https
// Credentials are read by auth/s3cmd_credentials.h.
#pragma once

#include <optional>
#include <string>

#include "s3/endpoint.h"
#include "util/ini.h"
#include "util/result.h"

namespace s3mirror::config {

struct S3cmdSettings {
  std::string endpoint_url;  // "https://host[:port]"; empty for AWS or when host_base is not set
  std::optional<s3::Addressing> addressing;  // from host_bucket, only with a non-AWS endpoint_url
  std::string region;                        // from bucket_location; empty when not set
  std::string ca_certs_file;                 // empty when not set
};

// Pure: the settings in a parsed s3cmd config.
S3cmdSettings S3cmdSettingsFromIni(const IniFile& config);

// nullopt when the file does not exist. kConfig when it does not parse, kLocalIo when unreadable.
Result<std::optional<S3cmdSettings>> ReadS3cmdSettings(const std::string& path);

}  // namespace s3mirror::config
