#include "s3/endpoint.h"

#include <algorithm>
#include <cctype>

namespace s3mirror::s3 {
namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string HostWithoutPort(std::string_view host) {
  if (!host.empty() && host.front() == '[') {  // [::1]:9000
    const size_t close = host.find(']');
    return std::string(host.substr(0, close == std::string_view::npos ? host.size() : close + 1));
  }
  return std::string(host.substr(0, host.find(':')));
}

Error EndpointError(std::string_view url, std::string_view what) {
  Error error;
  error.kind = ErrorKind::kUsage;
  error.message = "--endpoint-url \"" + std::string(url) + "\" " + std::string(what) +
                  " (expected http://HOST[:PORT] or https://HOST[:PORT])";
  return error;
}

// S3 bucket naming rules: 3-63 characters of a-z 0-9 . -, starting and ending with a letter or
// digit, no "..".
bool IsValidBucketName(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  auto alnum = [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c));
  };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  if (name.find("..") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return alnum(c) || c == '.' || c == '-'; });
}

}  // namespace

Result<Endpoint> ParseEndpoint(std::string_view url, std::string_view region,
                               Addressing addressing) {
  Endpoint endpoint;
  endpoint.region = region.empty() ? "us-east-1" : std::string(region);
  endpoint.addressing = addressing;
  if (url.empty()) {
    endpoint.host = "s3." + endpoint.region + ".amazonaws.com";
    return endpoint;
  }
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return Fail(EndpointError(url, "has no scheme"));
  endpoint.scheme = std::string(url.substr(0, scheme_end));
  std::transform(endpoint.scheme.begin(), endpoint.scheme.end(), endpoint.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (endpoint.scheme != "http" && endpoint.scheme != "https") {
    return Fail(EndpointError(url, "is not http or https"));
  }
  std::string_view rest = url.substr(scheme_end + 3);
  const size_t slash = rest.find('/');
  if (slash != std::string_view::npos) {
    if (rest.substr(slash) != "/") return Fail(EndpointError(url, "must not have a path"));
    rest = rest.substr(0, slash);
  }
  if (rest.find_first_of("?#@ ") != std::string_view::npos) {
    return Fail(EndpointError(url, "must not have a query, user or spaces"));
  }
  if (HostWithoutPort(rest).empty()) return Fail(EndpointError(url, "has no host"));
  endpoint.host = std::string(rest);
  std::string bare = HostWithoutPort(rest);
  std::transform(bare.begin(), bare.end(), bare.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  endpoint.is_aws = bare == "amazonaws.com" || EndsWith(bare, ".amazonaws.com");
  return endpoint;
}

BucketAddress AddressBucket(const Endpoint& endpoint, std::string_view bucket) {
  bool path_style = endpoint.addressing == Addressing::kPath;
  if (endpoint.addressing == Addressing::kAuto && !endpoint.is_aws) path_style = true;
  // *.s3.amazonaws.com certificates cover one label only: a dotted bucket breaks TLS when virtual.
  if (bucket.find('.') != std::string_view::npos && endpoint.scheme == "https") path_style = true;
  if (path_style) {
    return BucketAddress{
        .scheme = endpoint.scheme, .host = endpoint.host, .path_prefix = "/" + std::string(bucket)};
  }
  return BucketAddress{.scheme = endpoint.scheme,
                       .host = std::string(bucket) + "." + endpoint.host,
                       .path_prefix = ""};
}

Result<S3Url> ParseS3Url(std::string_view url) {
  constexpr std::string_view kScheme = "s3://";
  const auto not_s3 = [&] {
    return Fail(ErrorKind::kUsage,
                "\"" + std::string(url) + "\" is not an S3 URL (use s3://BUCKET/PREFIX)");
  };
  if (url.substr(0, kScheme.size()) != kScheme) return not_s3();
  const std::string_view rest = url.substr(kScheme.size());
  const size_t slash = rest.find('/');
  const std::string_view bucket = rest.substr(0, slash);
  if (bucket.empty()) return not_s3();
  if (!IsValidBucketName(bucket)) {
    return Fail(ErrorKind::kUsage,
                "\"" + std::string(bucket) + "\" in \"" + std::string(url) +
                    "\" is not a valid bucket name (3-63 characters: a-z, 0-9, '.', '-')");
  }
  S3Url parsed{.bucket = std::string(bucket), .key = ""};
  if (slash != std::string_view::npos) parsed.key = std::string(rest.substr(slash + 1));
  return parsed;
}

}  // namespace s3mirror::s3
