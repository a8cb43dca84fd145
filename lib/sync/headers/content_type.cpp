#include "sync/headers/content_type.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <sstream>
#include <utility>

namespace s3mirror::sync {
namespace {

constexpr std::string_view kOctetStream = "application/octet-stream";

// Types a static website needs, fixed here so a host without /etc/mime.types (or with an odd one)
// still serves pages correctly. Text types name UTF-8 so browsers do not guess.
constexpr std::array<std::pair<std::string_view, std::string_view>, 49> kBuiltIn = {{
    {"atom", "application/atom+xml"},
    {"avif", "image/avif"},
    {"bmp", "image/bmp"},
    {"css", "text/css; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"doc", "application/msword"},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"eot", "application/vnd.ms-fontobject"},
    {"epub", "application/epub+zip"},
    {"geojson", "application/geo+json"},
    {"gif", "image/gif"},
    {"gz", "application/gzip"},
    {"htm", "text/html; charset=utf-8"},
    {"html", "text/html; charset=utf-8"},
    {"ico", "image/vnd.microsoft.icon"},
    {"ics", "text/calendar"},
    {"jpeg", "image/jpeg"},
    {"jpg", "image/jpeg"},
    {"js", "text/javascript; charset=utf-8"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"md", "text/markdown; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"mp3", "audio/mpeg"},
    {"mp4", "video/mp4"},
    {"odp", "application/vnd.oasis.opendocument.presentation"},
    {"ods", "application/vnd.oasis.opendocument.spreadsheet"},
    {"odt", "application/vnd.oasis.opendocument.text"},
    {"ogg", "audio/ogg"},
    {"otf", "font/otf"},
    {"pdf", "application/pdf"},
    {"png", "image/png"},
    {"ppt", "application/vnd.ms-powerpoint"},
    {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    {"rss", "application/rss+xml"},
    {"rtf", "application/rtf"},
    {"svg", "image/svg+xml"},
    {"tif", "image/tiff"},
    {"tiff", "image/tiff"},
    {"ttf", "font/ttf"},
    {"txt", "text/plain; charset=utf-8"},
    {"webm", "video/webm"},
    {"webp", "image/webp"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"xls", "application/vnd.ms-excel"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"xml", "application/xml"},
    {"zip", "application/zip"},
}};
static_assert(std::is_sorted(kBuiltIn.begin(), kBuiltIn.end()), "BuiltInContentType searches it");

}  // namespace

std::string_view BuiltInContentType(std::string_view extension) {
  const auto it =
      std::lower_bound(kBuiltIn.begin(), kBuiltIn.end(), extension,
                       [](const auto& entry, std::string_view e) { return entry.first < e; });
  return it != kBuiltIn.end() && it->first == extension ? it->second : std::string_view();
}

std::string BuiltInContentTypeTable() {
  std::string text;
  for (const auto& [extension, type] : kBuiltIn) {
    text.append(extension).append(" ").append(type).append("\n");
  }
  return text;
}

std::string ExtensionOf(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  std::string extension(name.substr(dot + 1));
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension;
}

std::unordered_map<std::string, std::string> ParseMimeTypes(std::string_view text) {
  std::unordered_map<std::string, std::string> types;
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    std::string type, extension;
    if (!(words >> type)) continue;
    while (words >> extension) {
      for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      types.emplace(extension, type);
    }
  }
  return types;
}

ContentTypes::ContentTypes(ContentTypeOptions options) : options_(std::move(options)) {
  if (!options_.forced.empty() || options_.mime_types_file.empty()) return;
  std::ifstream file(options_.mime_types_file);
  if (!file) return;  // optional: the built-in table covers a website's common types
  std::ostringstream text;
  text << file.rdbuf();
  mime_types_ = ParseMimeTypes(text.str());
}

std::string_view ContentTypes::For(std::string_view path) const {
  if (!options_.forced.empty()) return options_.forced;
  const std::string extension = ExtensionOf(path);
  if (!extension.empty()) {
    const std::string_view built_in = BuiltInContentType(extension);
    if (!built_in.empty()) return built_in;
    const auto it = mime_types_.find(extension);
    if (it != mime_types_.end()) return it->second;
  }
  if (!options_.fallback.empty()) return options_.fallback;
  return kOctetStream;
}

}  // namespace s3mirror::sync
