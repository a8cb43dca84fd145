// Comparison forms of file names, for finding names that a Unicode-normalising or case-insensitive
// system (macOS, Windows, many CDNs) takes for the same name. Pure.
//
// The tables (unicode_tables.h) cover Latin, Greek and Cyrillic letters with combining diacritics
// and three letter-like singletons (KELVIN, ANGSTROM and OHM SIGN). Outside them, text passes
// unchanged: Hangul is not composed, and combining marks outside U+0300..U+036F count as starters
// (they block composition and are not reordered), so twins in those scripts are not found.
// Text that is not valid UTF-8 passes unchanged.
//
// Both functions clear `out` and write to it, so one buffer can serve a million names.
#pragma once

#include <string>
#include <string_view>

namespace s3mirror::sync {

// The canonical composition (NFC) of `utf8`: "e" U+0301 becomes U+00E9 "é"; marks on one letter
// are put in canonical order first, so "a" U+0323 U+0302 and "a" U+0302 U+0323 compose alike.
void ComposeCanonical(std::string_view utf8, std::string& out);

// Simple case folding of `utf8` (ASCII, and the letters of the tables): "É.HTML" -> "é.html".
// Meant for text already composed by ComposeCanonical.
void FoldCase(std::string_view utf8, std::string& out);

}  // namespace s3mirror::sync
