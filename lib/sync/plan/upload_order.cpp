#include "sync/plan/upload_order.h"

#include <algorithm>
#include <array>

namespace s3mirror::sync {
namespace {

bool EndsWithIgnoringCase(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), text.end() - static_cast<long>(suffix.size()),
                    [](char a, char b) {
                      const auto lower = [](char c) {
                        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
                      };
                      return lower(a) == lower(b);
                    });
}

}  // namespace

bool IsHtmlKey(std::string_view key) {
  const std::size_t slash = key.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? key : key.substr(slash + 1);
  constexpr std::array<std::string_view, 3> kPageExtensions = {".html", ".htm", ".xhtml"};
  return std::any_of(kPageExtensions.begin(), kPageExtensions.end(), [name](std::string_view ext) {
    return name.size() > ext.size() && EndsWithIgnoringCase(name, ext);
  });
}

void OrderForWebsite(Plan& plan, const std::vector<LocalFile>& files) {
  const auto is_asset = [&files](const PlannedUpload& upload) {
    return !IsHtmlKey(files[upload.local_index].path);
  };
  const auto pages = std::stable_partition(plan.uploads.begin(), plan.uploads.end(), is_asset);
  plan.first_page = static_cast<std::size_t>(pages - plan.uploads.begin());
}

}  // namespace s3mirror::sync
