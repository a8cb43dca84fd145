// The --awkward-names policy: what a run does with the paths key_lint.h flags.
//   kUpload (default)  upload them under their exact bytes, and warn.
//   kSkip              leave them out like excluded files: not uploaded, and --delete keeps their
//                      remote copies (any remote key with a per-name issue, and the twins' keys).
//   kFail              as kSkip, and each is reported as a failed file: the run exits 1 and writes
//                      no heartbeat, so that monitoring sees it.
// Names that are not valid UTF-8 are not covered here: the scanner always skips them (S3 keys are
// UTF-8), whatever the policy.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/reporter.h"
#include "sync/names/key_lint.h"
#include "sync/sync_types.h"

namespace s3mirror::sync {

enum class AwkwardNamePolicy { kUpload, kSkip, kFail };

inline constexpr std::size_t kAwkwardExamples = 3;  // paths (or twin groups) named per warning

// One warning line per issue found, for Reporter::OnWarning. Names are escaped (EscapeName) and
// quoted; at most kAwkwardExamples per line. Pure. For example:
//   awkward names: trailing space: 2 paths (uploaded): "a .html", "news /b.html"
//   awkward names: case twin: 5 paths (skipped): "A.html" = "a.html", "B.css" = "b.css" and 1 more
std::vector<std::string> FormatAwkwardWarnings(const KeyLint& lint,
                                               const std::vector<LocalFile>& files,
                                               AwkwardNamePolicy policy);

// The remote keys --delete must keep under kSkip and kFail; keeps nothing under kUpload.
class KeptAwkwardKeys {
 public:
  KeptAwkwardKeys() = default;
  // `twin_paths`: the local paths left out as twins (order does not matter).
  explicit KeptAwkwardKeys(std::vector<std::string> twin_paths);

  // True when `key` (relative to the prefix) has a per-name issue or is one of the twin paths.
  bool Keeps(std::string_view key) const;

 private:
  bool active_ = false;
  std::vector<std::string> twin_paths_{};  // sorted
};

struct AwkwardNameOutcome {
  KeptAwkwardKeys kept{};
  std::uint64_t left_out = 0;  // files taken out of the list (kSkip, kFail)
};

// Lints `files`, reports a warning per issue (FormatAwkwardWarnings) and each flagged path
// (Reporter::OnAwkwardName), and applies `policy`: under kSkip and kFail the flagged files are
// erased from `files`; under kFail each is also reported with OnFailed and counted in
// summary.failed and summary.first_errors.
AwkwardNameOutcome ApplyAwkwardNamePolicy(std::vector<LocalFile>& files, AwkwardNamePolicy policy,
                                          report::Reporter& reporter, report::RunSummary& summary);

}  // namespace s3mirror::sync
