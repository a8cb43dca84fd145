// Where requests for a bucket go: scheme, host and path for (bucket, key), by addressing style.
// Pure: no I/O.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace s3mirror::s3 {

enum class Addressing { kAuto, kPath, kVirtual };

struct Endpoint {
  std::string scheme = "https";  // "http" or "https"
  std::string host{};            // host[:port]; for AWS "s3.<region>.amazonaws.com"
  std::string region = "us-east-1";
  Addressing addressing = Addressing::kAuto;
  bool is_aws = true;  // AWS proper: virtual hosting by default, region correction
};

// Parses --endpoint-url ("http://127.0.0.1:9000", "https://storage.googleapis.com"). An empty url
// gives AWS for `region`. kUsage for anything that is not http(s)://host[:port][/].
Result<Endpoint> ParseEndpoint(std::string_view url, std::string_view region,
                               Addressing addressing);

struct BucketAddress {
  std::string scheme{};
  std::string host{};         // Host header value
  std::string path_prefix{};  // "" (virtual) or "/bucket" (path style)
};

// Virtual-hosted unless path style is asked for, or kAuto on a non-AWS endpoint, or the bucket name
// has dots and the scheme is https (the wildcard certificate would not match).
BucketAddress AddressBucket(const Endpoint& endpoint, std::string_view bucket);

// Parses "s3://bucket[/prefix]". The prefix is returned as given (no leading '/'); kUsage
// otherwise.
struct S3Url {
  std::string bucket{};
  std::string key{};  // prefix or key, possibly empty
};
Result<S3Url> ParseS3Url(std::string_view url);

}  // namespace s3mirror::s3
