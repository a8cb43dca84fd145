#include "sync/headers/object_headers.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "util/crypto.h"

namespace s3mirror::sync {
namespace {

constexpr std::string_view kMetaPrefix = "x-amz-meta-";

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
  return lower;
}

}  // namespace

HeaderPolicy::HeaderPolicy(s3::ObjectSettings base, const ContentTypes* types,
                           const HeaderRules* rules)
    : base_(std::move(base)), types_(types), rules_(rules) {}

s3::ObjectSettings HeaderPolicy::For(std::string_view path) const {
  s3::ObjectSettings settings = base_;
  if (types_ != nullptr) settings.content_type = std::string(types_->For(path));
  if (rules_ != nullptr) rules_->Apply(path, settings);
  return settings;
}

// fingerprint = first 8 bytes (big-endian) of SHA-256("content-type:V\n..." sorted by name)
std::uint64_t HeaderFingerprint(const s3::ObjectSettings& settings) {
  std::vector<std::pair<std::string, std::string>> lines = {
      {"cache-control", settings.cache_control},
      {"content-disposition", settings.content_disposition},
      {"content-encoding", settings.content_encoding},
      {"content-language", settings.content_language},
      {"content-type", settings.content_type},
      {"expires", settings.expires}};
  for (const auto& [name, value] : settings.metadata) {
    lines.emplace_back(std::string(kMetaPrefix) + Lower(name), value);
  }
  std::sort(lines.begin(), lines.end());
  std::string text;
  for (const auto& [name, value] : lines) {
    if (!value.empty()) text += name + ":" + value + "\n";
  }
  const std::string digest = Sha256(text);
  std::uint64_t fingerprint = 0;
  for (int i = 0; i < 8; ++i) {
    fingerprint = (fingerprint << 8) | static_cast<unsigned char>(digest[static_cast<size_t>(i)]);
  }
  return fingerprint == 0 ? 1 : fingerprint;
}

s3::ObjectSettings StoredHeaders(const http::Response& response) {
  s3::ObjectSettings stored;
  for (const http::Header& header : response.headers) {
    const std::string name = Lower(header.name);
    if (name.starts_with(kMetaPrefix)) {
      stored.metadata.emplace_back(name.substr(kMetaPrefix.size()), header.value);
      continue;
    }
    for (std::string_view standard : {"Content-Type", "Cache-Control", "Content-Encoding",
                                      "Content-Disposition", "Content-Language", "Expires"}) {
      if (name == Lower(standard)) SetHeader(stored, standard, header.value);
    }
  }
  return stored;
}

}  // namespace s3mirror::sync
