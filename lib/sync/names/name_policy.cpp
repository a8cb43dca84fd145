#include "sync/names/name_policy.h"

#include <algorithm>

#include "sync/execute/executor.h"
#include "sync/scan/local_scanner.h"

namespace s3mirror::sync {
namespace {

constexpr NameIssues kTwinBits = IssueBit(NameIssue::kUnicodeTwin) | IssueBit(NameIssue::kCaseTwin);

std::string Quoted(std::string_view path) { return "\"" + EscapeName(path) + "\""; }

const char* PolicyWord(AwkwardNamePolicy policy) {
  switch (policy) {
    case AwkwardNamePolicy::kUpload:
      return "uploaded";
    case AwkwardNamePolicy::kSkip:
      return "skipped";
    case AwkwardNamePolicy::kFail:
      return "not uploaded, failed";
  }
  return "uploaded";
}

// "awkward names: trailing space: 2 paths (uploaded): "
std::string Head(NameIssue issue, std::uint64_t count, AwkwardNamePolicy policy) {
  return std::string("awkward names: ") + NameIssueLabel(issue) + ": " + std::to_string(count) +
         (count == 1 ? " path (" : " paths (") + PolicyWord(policy) + "): ";
}

std::string More(std::size_t shown, std::size_t total, const char* unit) {
  if (shown >= total) return "";
  return " and " + std::to_string(total - shown) + " more" + unit + " (-v lists them)";
}

std::string PathLine(const KeyLint& lint, const std::vector<LocalFile>& files, NameIssue issue,
                     AwkwardNamePolicy policy) {
  const std::uint64_t count = lint.counts[static_cast<std::size_t>(issue)];
  std::string line = Head(issue, count, policy);
  std::size_t shown = 0;
  for (const FlaggedPath& entry : lint.flagged) {
    if ((entry.issues & IssueBit(issue)) == 0) continue;
    line += (shown > 0 ? ", " : "") + Quoted(files[entry.index].path);
    if (++shown == kAwkwardExamples) break;
  }
  return line + More(shown, count, "");
}

std::string TwinLine(const KeyLint& lint, const std::vector<LocalFile>& files, NameIssue issue,
                     AwkwardNamePolicy policy) {
  std::string line = Head(issue, lint.counts[static_cast<std::size_t>(issue)], policy);
  std::size_t groups = 0, shown = 0;
  for (const TwinGroup& group : lint.twins) {
    if (group.kind != issue) continue;
    if (groups++ >= kAwkwardExamples) continue;
    line += shown++ > 0 ? ", " : "";
    for (std::size_t k = 0; k < group.members.size(); ++k) {
      line += (k > 0 ? " = " : "") + Quoted(files[group.members[k]].path);
    }
  }
  return line + More(shown, groups, groups - shown == 1 ? " group" : " groups");
}

// Erases the flagged files from `files`, keeping the others in order.
void EraseFlagged(const std::vector<FlaggedPath>& flagged, std::vector<LocalFile>& files) {
  std::size_t next = 0, write = 0;
  for (std::size_t read = 0; read < files.size(); ++read) {
    if (next < flagged.size() && flagged[next].index == read) {
      ++next;
      continue;
    }
    if (write != read) files[write] = std::move(files[read]);
    ++write;
  }
  files.resize(write);
}

void ReportFailed(const std::vector<FlaggedPath>& flagged, const std::vector<LocalFile>& files,
                  report::Reporter& reporter, report::RunSummary& summary) {
  for (const FlaggedPath& entry : flagged) {
    const std::string& path = files[entry.index].path;
    const Error error{.kind = ErrorKind::kLocalIo,
                      .message = "awkward name (" + DescribeIssues(entry.issues) +
                                 "); not uploaded (--awkward-names fail)"};
    reporter.OnFailed(path, error);
    ++summary.failed;
    if (summary.first_errors.size() < kMaxFirstErrors) {
      summary.first_errors.push_back(path + ": " + error.message);
    }
  }
}

}  // namespace

std::vector<std::string> FormatAwkwardWarnings(const KeyLint& lint,
                                               const std::vector<LocalFile>& files,
                                               AwkwardNamePolicy policy) {
  std::vector<std::string> lines;
  for (std::size_t k = 0; k < kNameIssueCount; ++k) {
    if (lint.counts[k] == 0) continue;
    const auto issue = static_cast<NameIssue>(k);
    const bool twin = (IssueBit(issue) & kTwinBits) != 0;
    lines.push_back(twin ? TwinLine(lint, files, issue, policy)
                         : PathLine(lint, files, issue, policy));
  }
  return lines;
}

KeptAwkwardKeys::KeptAwkwardKeys(std::vector<std::string> twin_paths)
    : active_(true), twin_paths_(std::move(twin_paths)) {
  std::sort(twin_paths_.begin(), twin_paths_.end());
}

bool KeptAwkwardKeys::Keeps(std::string_view key) const {
  if (!active_) return false;
  if (FindNameIssues(key) != 0) return true;
  return std::binary_search(twin_paths_.begin(), twin_paths_.end(), key, std::less<>{});
}

AwkwardNameOutcome ApplyAwkwardNamePolicy(std::vector<LocalFile>& files, AwkwardNamePolicy policy,
                                          report::Reporter& reporter, report::RunSummary& summary) {
  AwkwardNameOutcome outcome;
  if (policy != AwkwardNamePolicy::kUpload)
    outcome.kept = KeptAwkwardKeys(std::vector<std::string>{});
  const KeyLint lint = LintKeys(files);
  if (lint.flagged.empty()) return outcome;
  for (const std::string& line : FormatAwkwardWarnings(lint, files, policy)) {
    reporter.OnWarning(line);
  }
  for (const FlaggedPath& entry : lint.flagged) {
    reporter.OnAwkwardName(files[entry.index].path, DescribeIssues(entry.issues));
  }
  if (policy == AwkwardNamePolicy::kUpload) return outcome;
  std::vector<std::string> twin_paths;
  for (const FlaggedPath& entry : lint.flagged) {
    if ((entry.issues & kTwinBits) != 0) twin_paths.push_back(files[entry.index].path);
  }
  if (policy == AwkwardNamePolicy::kFail) ReportFailed(lint.flagged, files, reporter, summary);
  outcome.kept = KeptAwkwardKeys(std::move(twin_paths));
  outcome.left_out = lint.flagged.size();
  EraseFlagged(lint.flagged, files);
  return outcome;
}

}  // namespace s3mirror::sync
