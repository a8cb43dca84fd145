#include "s3/server_hint.h"

#include <time.h>

#include <pugixml.hpp>

#include "s3/xml.h"

namespace s3mirror::s3 {
namespace {

std::optional<std::chrono::system_clock::time_point> ParseIsoTime(const std::string& text) {
  std::tm tm{};
  if (strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) return std::nullopt;
  const time_t seconds = timegm(&tm);
  if (seconds == static_cast<time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(seconds);
}

// One child of <Error> that ParseErrorDocument does not keep (<Endpoint>, <ServerTime>).
std::string ErrorChild(const std::string& body, const char* name) {
  pugi::xml_document document;
  if (!document.load_buffer(body.data(), body.size())) return "";
  return document.child("Error").child_value(name);
}

std::optional<ServerHint> SkewHint(const http::Response& response, const std::string& code) {
  const std::string* date = response.HeaderValue("Date");
  std::optional<std::chrono::system_clock::time_point> time =
      date != nullptr ? ParseHttpDate(*date) : std::nullopt;
  if (!time) time = ParseIsoTime(ErrorChild(response.body, "ServerTime"));
  if (!time) return std::nullopt;
  return ServerHint{.kind = HintKind::kClockSkew, .region = "", .server_time = *time, .code = code};
}

// Where the bucket is, by the header every region answer carries, else the error document.
std::string AnsweredRegion(const http::Response& response, const XmlError* error) {
  if (const std::string* header = response.HeaderValue("x-amz-bucket-region")) return *header;
  if (error == nullptr) return "";
  if (!error->region.empty()) return error->region;
  return RegionOfAwsHost(ErrorChild(response.body, "Endpoint"));
}

}  // namespace

std::optional<ServerHint> HintFromResponse(const http::Response& response,
                                           const std::string& signing_region) {
  if (response.status >= 200 && response.status < 300) return std::nullopt;
  Result<XmlError> parsed = ParseErrorDocument(response.body);
  const XmlError* error = parsed ? &*parsed : nullptr;
  const std::string code = error != nullptr ? error->code : "";
  if (code == "ExpiredToken" || code == "ExpiredTokenException" || code == "TokenRefreshRequired") {
    return ServerHint{
        .kind = HintKind::kExpiredToken, .region = "", .server_time = {}, .code = code};
  }
  if (response.status == 403 && code == "RequestTimeTooSkewed") return SkewHint(response, code);
  const std::string region = AnsweredRegion(response, error);
  if (region.empty() || region == signing_region) return std::nullopt;
  return ServerHint{
      .kind = HintKind::kWrongRegion, .region = region, .server_time = {}, .code = code};
}

std::optional<std::chrono::system_clock::time_point> ParseHttpDate(const std::string& text) {
  std::tm tm{};
  if (strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S", &tm) == nullptr) return std::nullopt;
  const time_t seconds = timegm(&tm);
  if (seconds == static_cast<time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(seconds);
}

std::string RegionOfAwsHost(const std::string& host) {
  constexpr std::string_view kSuffix = ".amazonaws.com";
  if (host.size() <= kSuffix.size() || !host.ends_with(kSuffix)) return "";
  std::string rest = host.substr(0, host.size() - kSuffix.size());
  // The label after "s3." or "s3-" up to the end: "...s3.eu-west-1" or "s3-eu-west-1".
  for (const std::string_view marker : {"s3.", "s3-"}) {
    const size_t at = rest.rfind(marker);
    if (at == std::string::npos || (at != 0 && rest[at - 1] != '.')) continue;
    std::string region = rest.substr(at + marker.size());
    if (region.find('.') != std::string::npos || region == "external-1") return "";
    return region;
  }
  return "";
}

}  // namespace s3mirror::s3
