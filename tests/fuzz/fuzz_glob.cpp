// libFuzzer target: the glob matcher (lib/util/glob.h) and the include/exclude filter
// (lib/sync/scan/filter.h). The input is lines: every line but the last is a rule ("+GLOB"
// includes, anything else excludes), the last line is the path. Patterns come from the command line
// and paths from the local tree and the remote listing; any of them must match or not in bounded
// time, never crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sync/scan/filter.h"
#include "util/glob.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<s3mirror::sync::FilterRule> rules;
  for (std::size_t end = text.find('\n'); end != std::string_view::npos; end = text.find('\n')) {
    const std::string_view line = text.substr(0, end);
    const bool include = line.starts_with('+');
    rules.push_back({.include = include, .glob = std::string(line.substr(include ? 1 : 0))});
    text.remove_prefix(end + 1);
  }
  const std::string_view path = text;
  for (const s3mirror::sync::FilterRule& rule : rules) {
    (void)s3mirror::GlobMatch(rule.glob, path);
  }
  (void)s3mirror::GlobMatch(path, path);
  (void)s3mirror::sync::Filter(rules).Includes(path);
  return 0;
}
