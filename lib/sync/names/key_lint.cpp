#include "sync/names/key_lint.h"

#include <algorithm>
#include <functional>
#include <span>
#include <tuple>

#include "sync/names/unicode_key.h"

namespace s3mirror::sync {
namespace {

constexpr std::array<const char*, kNameIssueCount> kLabels = {
    "trailing space", "leading space",     "'#'",          "'?'",       "backslash",
    "percent escape", "control character", "Unicode twin", "case twin",
};

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

NameIssues SegmentIssues(std::string_view path) {
  NameIssues issues = 0;
  std::size_t start = 0;
  while (start < path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start && path[start] == ' ') issues |= IssueBit(NameIssue::kLeadingSpace);
    if (end > start && path[end - 1] == ' ') issues |= IssueBit(NameIssue::kTrailingSpace);
    start = end + 1;
  }
  return issues;
}

// The issue of the character at path[i], or kNameIssueCount for none.
std::size_t CharacterIssue(std::string_view path, std::size_t i) {
  const auto c = static_cast<unsigned char>(path[i]);
  const auto next = [&](std::size_t k) { return i + k < path.size() ? path[i + k] : '\0'; };
  if (c < 0x20 || c == 0x7F) return static_cast<std::size_t>(NameIssue::kControl);
  // U+0080..U+009F (C1 controls) are C2 80..C2 9F in UTF-8.
  const auto second = static_cast<unsigned char>(next(1));
  if (c == 0xC2 && second >= 0x80 && second <= 0x9F) {
    return static_cast<std::size_t>(NameIssue::kControl);
  }
  if (c == '#') return static_cast<std::size_t>(NameIssue::kHash);
  if (c == '?') return static_cast<std::size_t>(NameIssue::kQuestionMark);
  if (c == '\\') return static_cast<std::size_t>(NameIssue::kBackslash);
  if (c == '%' && IsHexDigit(next(1)) && IsHexDigit(next(2))) {
    return static_cast<std::size_t>(NameIssue::kPercentEscape);
  }
  return kNameIssueCount;
}

struct HashedPath {
  std::uint64_t hash;
  std::size_t index;
};

// The forms of one candidate twin, computed only for paths whose folded hashes collide.
struct Forms {
  std::string folded;
  std::string composed;
  std::size_t index;
};

std::vector<std::size_t> Indexes(std::vector<Forms>::const_iterator begin,
                                 std::vector<Forms>::const_iterator end) {
  std::vector<std::size_t> indexes;
  for (auto it = begin; it != end; ++it) indexes.push_back(it->index);
  std::sort(indexes.begin(), indexes.end());
  return indexes;
}

// Among paths whose folded forms hash alike: those with equal folded forms are case twins when
// their composed forms differ, and Unicode twins of those with the same composed form.
void SplitCandidates(const std::vector<LocalFile>& files, std::span<const HashedPath> run,
                     std::vector<TwinGroup>& groups) {
  std::vector<Forms> forms(run.size());
  for (std::size_t k = 0; k < run.size(); ++k) {
    forms[k].index = run[k].index;
    ComposeCanonical(files[run[k].index].path, forms[k].composed);
    FoldCase(forms[k].composed, forms[k].folded);
  }
  std::sort(forms.begin(), forms.end(), [](const Forms& a, const Forms& b) {
    return std::tie(a.folded, a.composed, a.index) < std::tie(b.folded, b.composed, b.index);
  });
  for (auto begin = forms.cbegin(); begin != forms.cend();) {
    const auto end = std::find_if(begin, forms.cend(),
                                  [&](const Forms& f) { return f.folded != begin->folded; });
    std::size_t distinct = 0;
    for (auto sub = begin; sub != end; ++distinct) {
      const auto sub_end =
          std::find_if(sub, end, [&](const Forms& f) { return f.composed != sub->composed; });
      if (sub_end - sub > 1) groups.push_back({NameIssue::kUnicodeTwin, Indexes(sub, sub_end)});
      sub = sub_end;
    }
    if (distinct > 1) groups.push_back({NameIssue::kCaseTwin, Indexes(begin, end)});
    begin = end;
  }
}

// Hashes every path's folded form (into reused buffers), sorts the hashes, and looks closer only
// at runs of equal hashes: O(n log n) time, 16 bytes per path.
std::vector<TwinGroup> FindTwins(const std::vector<LocalFile>& files) {
  std::vector<HashedPath> hashed;
  hashed.reserve(files.size());
  std::string composed, folded;
  for (std::size_t i = 0; i < files.size(); ++i) {
    ComposeCanonical(files[i].path, composed);
    FoldCase(composed, folded);
    hashed.push_back({std::hash<std::string_view>{}(folded), i});
  }
  std::sort(hashed.begin(), hashed.end(), [](const HashedPath& a, const HashedPath& b) {
    return a.hash != b.hash ? a.hash < b.hash : a.index < b.index;
  });
  std::vector<TwinGroup> groups;
  for (std::size_t begin = 0, end = 0; begin < hashed.size(); begin = end) {
    for (end = begin + 1; end < hashed.size() && hashed[end].hash == hashed[begin].hash;) ++end;
    if (end - begin > 1)
      SplitCandidates(files, std::span(hashed).subspan(begin, end - begin), groups);
  }
  std::sort(groups.begin(), groups.end(), [](const TwinGroup& a, const TwinGroup& b) {
    return a.members.front() != b.members.front() ? a.members.front() < b.members.front()
                                                  : a.kind < b.kind;
  });
  return groups;
}

// Adds the twins' bits to `flagged`, keeping it in index order with one entry per path.
void MarkTwins(const std::vector<TwinGroup>& twins, std::vector<FlaggedPath>& flagged) {
  for (const TwinGroup& group : twins) {
    for (const std::size_t index : group.members) flagged.push_back({index, IssueBit(group.kind)});
  }
  std::stable_sort(flagged.begin(), flagged.end(),
                   [](const FlaggedPath& a, const FlaggedPath& b) { return a.index < b.index; });
  std::size_t write = 0;
  for (const FlaggedPath& entry : flagged) {
    if (write > 0 && flagged[write - 1].index == entry.index) {
      flagged[write - 1].issues |= entry.issues;
    } else {
      flagged[write++] = entry;
    }
  }
  flagged.resize(write);
}

}  // namespace

const char* NameIssueLabel(NameIssue issue) { return kLabels[static_cast<std::size_t>(issue)]; }

std::string DescribeIssues(NameIssues issues) {
  std::string text;
  for (std::size_t k = 0; k < kNameIssueCount; ++k) {
    if ((issues & IssueBit(static_cast<NameIssue>(k))) == 0) continue;
    if (!text.empty()) text += ", ";
    text += kLabels[k];
  }
  return text;
}

NameIssues FindNameIssues(std::string_view path) {
  NameIssues issues = SegmentIssues(path);
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::size_t issue = CharacterIssue(path, i);
    if (issue != kNameIssueCount) issues |= IssueBit(static_cast<NameIssue>(issue));
  }
  return issues;
}

KeyLint LintKeys(const std::vector<LocalFile>& files) {
  KeyLint lint;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (const NameIssues issues = FindNameIssues(files[i].path); issues != 0) {
      lint.flagged.push_back({i, issues});
    }
  }
  lint.twins = FindTwins(files);
  if (!lint.twins.empty()) MarkTwins(lint.twins, lint.flagged);
  for (const FlaggedPath& entry : lint.flagged) {
    for (std::size_t k = 0; k < kNameIssueCount; ++k) {
      if ((entry.issues & IssueBit(static_cast<NameIssue>(k))) != 0) ++lint.counts[k];
    }
  }
  return lint;
}

}  // namespace s3mirror::sync
