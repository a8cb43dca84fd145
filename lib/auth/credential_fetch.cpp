#include "auth/credential_fetch.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace s3mirror::auth {
namespace {

std::string Trim(const std::string& text) {
  const char* kSpace = " \t\r\n";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

// Seconds east of UTC from "Z", "+HH:MM", "-HH:MM" (or nothing); nullopt for anything else.
std::optional<int> ParseOffset(std::string_view zone) {
  if (zone.empty() || zone == "Z" || zone == "z") return 0;
  int hours = 0;
  int minutes = 0;
  char sign = 0;
  const std::string text(zone);
  if (std::sscanf(text.c_str(), "%c%2d:%2d", &sign, &hours, &minutes) != 3) return std::nullopt;
  if (sign != '+' && sign != '-') return std::nullopt;
  const int seconds = hours * 3600 + minutes * 60;
  return sign == '+' ? seconds : -seconds;
}

}  // namespace

Result<http::Request> RequestForUrl(const std::string& method, const std::string& url,
                                    const std::string& subject) {
  const size_t scheme_end = url.find("://");
  const std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") {
    return Fail(ErrorKind::kConfig, subject + " \"" + url + "\" is not an http:// or https:// URL");
  }
  const std::string rest = url.substr(scheme_end + 3);
  const size_t path_start = rest.find_first_of("/?");
  http::Request request;
  request.method = method;
  request.scheme = scheme;
  request.host = rest.substr(0, path_start);
  if (request.host.empty()) {
    return Fail(ErrorKind::kConfig, subject + " \"" + url + "\" has no host");
  }
  std::string target = path_start == std::string::npos ? "/" : rest.substr(path_start);
  if (target.front() == '?') target.insert(0, "/");
  const size_t query_start = target.find('?');
  request.path = target.substr(0, query_start);
  if (query_start != std::string::npos) request.query = target.substr(query_start + 1);
  return request;
}

Result<http::Response> FetchWithin(http::Transport& transport, http::Request request,
                                   std::chrono::milliseconds deadline) {
  const std::string url = request.Url();
  const http::ExchangeId id = transport.Start(std::move(request));
  for (http::Completion& completion : transport.Wait(deadline)) {
    if (completion.id == id) return std::move(completion.response);
  }
  transport.Cancel(id);
  return Fail(ErrorKind::kNetwork,
              url + " did not answer within " + std::to_string(deadline.count()) + " ms");
}

Result<Credentials> ParseCredentialJson(std::string_view body, const std::string& source) {
  Credentials credentials;
  std::string expiration;
  try {
    const nlohmann::json document = nlohmann::json::parse(body);
    credentials.access_key_id = document.at("AccessKeyId").get<std::string>();
    credentials.secret_access_key = document.at("SecretAccessKey").get<std::string>();
    credentials.session_token = document.value("Token", std::string());
    expiration = document.value("Expiration", std::string());
  } catch (const nlohmann::json::exception& error) {
    return Fail(ErrorKind::kInternal, source +
                                          " answered with a document that is not "
                                          "credentials JSON: " +
                                          error.what());
  }
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return Fail(ErrorKind::kInternal, source +
                                          " answered with an empty AccessKeyId or "
                                          "SecretAccessKey");
  }
  if (!expiration.empty()) {
    credentials.expiration = ParseIso8601(expiration);
    if (!credentials.expiration) {
      return Fail(ErrorKind::kInternal,
                  source + " answered with an unreadable Expiration \"" + expiration + "\"");
    }
  }
  credentials.source = source;
  return credentials;
}

std::optional<std::chrono::system_clock::time_point> ParseIso8601(std::string_view text) {
  std::tm utc{};
  const std::string copy(text);
  const char* end = strptime(copy.c_str(), "%Y-%m-%dT%H:%M:%S", &utc);
  if (end == nullptr) return std::nullopt;
  if (*end == '.') {
    ++end;
    while (*end >= '0' && *end <= '9') ++end;
  }
  const std::optional<int> offset = ParseOffset(end);
  if (!offset) return std::nullopt;
  const std::time_t seconds = ::timegm(&utc);
  if (seconds == static_cast<std::time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(seconds - *offset);
}

Result<std::string> ReadTokenFile(const std::string& path, const std::string& what) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Fail(ErrorKind::kLocalIo,
                what + " " + path + " cannot be read: " + std::strerror(errno));
  }
  std::ostringstream contents;
  contents << file.rdbuf();
  std::string token = Trim(contents.str());
  if (token.empty()) return Fail(ErrorKind::kConfig, what + " " + path + " is empty");
  return token;
}

}  // namespace s3mirror::auth
