// libFuzzer target: the INI parser (lib/util/ini.h) and what reads settings from its result: the
// shared AWS config file (lib/config/aws_files.h) and the s3cmd config file
// (lib/config/s3cmd_config.h). These files are written by hand; any content must give settings
// or an error naming the line, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/aws_files.h"
#include "config/s3cmd_config.h"
#include "util/ini.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  s3mirror::Result<s3mirror::IniFile> ini = s3mirror::ParseIni(text, "fuzz.ini");
  if (!ini) return 0;
  (void)s3mirror::config::ProfileSettingsFromIni(*ini, "default");
  (void)s3mirror::config::ProfileSettingsFromIni(*ini, "prod");
  (void)s3mirror::config::S3cmdSettingsFromIni(*ini);
  // The first few sections by name (each lookup is linear: all of them would be quadratic here).
  for (std::size_t i = 0; i < ini->sections.size() && i < 8; ++i) {
    (void)s3mirror::config::ProfileSettingsFromIni(*ini, ini->sections[i].name);
  }
  return 0;
}
