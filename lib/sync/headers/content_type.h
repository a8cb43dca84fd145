// Content-Type of uploaded files: --content-type forces one for every file; otherwise by extension
// (case-insensitive) from the built-in table, then from the mime.types file, then
// --default-content-type, then "application/octet-stream". Text types carry "; charset=utf-8".
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

namespace s3mirror::sync {

struct ContentTypeOptions {
  std::string forced{};                             // --content-type
  std::string fallback{};                           // --default-content-type
  std::string mime_types_file = "/etc/mime.types";  // empty or missing: not used
};

class ContentTypes {
 public:
  ContentTypes() = default;
  // Reads and parses the mime.types file once.
  explicit ContentTypes(ContentTypeOptions options);

  std::string_view For(std::string_view path) const;

 private:
  ContentTypeOptions options_;
  std::unordered_map<std::string, std::string> mime_types_{};  // lower-case extension -> type
};

// The lower-case extension of the last path segment without the dot ("" when none; a leading dot
// as in ".htaccess" does not start an extension).
std::string ExtensionOf(std::string_view path);

// The built-in type for a lower-case extension, or "" when unknown.
std::string_view BuiltInContentType(std::string_view extension);

// The whole built-in table as "ext type\n" lines (for fingerprints of the header settings).
std::string BuiltInContentTypeTable();

// Parses mime.types text ("type ext1 ext2", '#' comments); the first mention of an extension wins.
std::unordered_map<std::string, std::string> ParseMimeTypes(std::string_view text);

}  // namespace s3mirror::sync
