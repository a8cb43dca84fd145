// Non-secret settings of a profile in the shared AWS config file (~/.aws/config or
// AWS_CONFIG_FILE): region, endpoint_url (the "s3 =" nested endpoint_url wins over the top-level
// one) and ca_bundle. Credentials are read by auth/profile_credentials.h.
#pragma once

#include <optional>
#include <string>

#include "util/ini.h"
#include "util/result.h"

namespace s3mirror::config {

struct ProfileSettings {
  std::string region;        // empty when not set
  std::string endpoint_url;  // empty when not set
  std::string ca_bundle;     // empty when not set
};

// Pure: the settings of `profile` ([default] or [profile NAME]) in a parsed config file; all empty
// when the profile is not there.
ProfileSettings ProfileSettingsFromIni(const IniFile& config, const std::string& profile);

// Reads and parses `config_file`; a missing file gives empty settings. kConfig when it does not
// parse (with the line), kLocalIo when it cannot be read.
Result<ProfileSettings> ReadProfileSettings(const std::string& config_file,
                                            const std::string& profile);

}  // namespace s3mirror::config
