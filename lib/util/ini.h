// A tolerant INI parser for ~/.aws/credentials, ~/.aws/config ("[profile x]") and ~/.s3cfg.
// Pure: parses text; reading the file is the caller's job (util/file.h).
//   [section]            section names are trimmed, inner text kept as written
//   key = value          keys trimmed and lower-cased; values trimmed; "key: value" also accepted
//   # comment, ; comment whole-line comments only: values may contain '#' and ';' (secrets can)
//   key =                an empty value; indented "sub = value" lines right after it become
//     sub = value        "key.sub" (the AWS config nested style: "s3 =\n  addressing_style = path")
// Keys before the first section belong to the section named "". A section that appears twice is
// merged; a key that appears twice keeps the last value. A UTF-8 BOM and CRLF line ends are fine.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.h"

namespace s3mirror {

struct IniSection {
  std::string name;
  std::vector<std::pair<std::string, std::string>> entries;  // in file order, keys unique

  // The value of `key` (lower-case), or nullptr.
  const std::string* Find(std::string_view key) const;
};

struct IniFile {
  std::vector<IniSection> sections;  // in order of first appearance, names unique

  const IniSection* FindSection(std::string_view name) const;
};

// kConfig "<source_name>:<line>: ..." for a line that is neither a section, a key, a comment nor
// blank, and for a "[section" without its ']'.
Result<IniFile> ParseIni(std::string_view text, std::string_view source_name);

}  // namespace s3mirror
