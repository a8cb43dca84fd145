// header_record_memory: the memory that saving and loading the header record take at scale.
//
//   header_record_memory COUNT DIR     saves a header record of COUNT files (~52-byte paths, as
//                                      nochange_memory's tree, every fingerprint known) to
//                                      DIR/headers, loads it back, and prints for each step how
//                                      far the peak RSS rose above the RSS before it
//
// The peak is reset before each step (/proc/self/clear_refs "5", VmHWM), so each figure is that
// step's own transient memory plus what it keeps (the loaded record's 8 bytes a file).
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "perf/website_paths.h"
#include "sync/headers/header_record.h"

namespace s3mirror {
namespace {

using perf::PathAt;

long StatusKb(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(field.size()));
  }
  return -1;
}

// Runs `step` and prints how far it raised the peak RSS above the RSS before it.
template <typename Step>
bool Measure(const char* name, Step step) {
  std::ofstream("/proc/self/clear_refs") << "5";
  const long before = StatusKb("VmRSS:");
  const bool ok = step();
  std::printf("  %-6s peak +%6ld KiB above %ld MiB%s\n", name, StatusKb("VmHWM:") - before,
              before / 1024, ok ? "" : "  FAILED");
  return ok;
}

int Main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: header_record_memory COUNT DIR\n");
    return 2;
  }
  const std::size_t count = std::stoul(argv[1]);
  const std::string path = std::string(argv[2]) + "/headers";
  std::vector<sync::LocalFile> files(count);
  for (std::size_t i = 0; i < count; ++i) files[i].path = PathAt(i);
  sync::HeaderRecord record{.fingerprints = std::vector<std::uint64_t>(count, 0x5EED)};
  const bool saved =
      Measure("save", [&] { return SaveHeaderRecord(path, files, record).has_value(); });
  record = {};
  const bool loaded = Measure("load", [&] {
    Result<sync::HeaderRecord> read = LoadHeaderRecord(path, files);
    return read.has_value() && read->fingerprints.size() == count &&
           read->fingerprints.back() == 0x5EED;
  });
  return saved && loaded ? 0 : 1;
}

}  // namespace
}  // namespace s3mirror

int main(int argc, char** argv) { return s3mirror::Main(argc, argv); }
