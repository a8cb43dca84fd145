// ListingServer: answers ListObjectsV2 requests (prefix, start-after, continuation-token, max-keys,
// encoding-type=url) as S3 does, from a sorted set of keys, for use as a FakeTransport handler.
// Keys come from a function of their index, so a harness can serve a million keys without holding
// them. Each answer's ETag is `etag` (quoted), each size `size`. `failures[n]` is served to the
// n-th request (1-based) instead of its answer, e.g. a 503 SlowDown.
#pragma once

#include <cstddef>
#include <map>
#include <functional>
#include <string>
#include <vector>

#include "http/request.h"
#include "util/result.h"

namespace s3mirror::testing {

class ListingServer {
 public:
  // `key_at(i)` for i < count must be strictly increasing in byte order.
  ListingServer(std::size_t count, std::function<std::string(std::size_t)> key_at);
  explicit ListingServer(std::vector<std::string> sorted_keys);

  Result<http::Response> Answer(const http::Request& request);

  std::string etag = "d41d8cd98f00b204e9800998ecf8427e";
  std::uint64_t size = 0;
  std::map<std::size_t, Result<http::Response>> failures{};
  std::size_t list_requests = 0;

 private:
  std::size_t LowerBound(const std::string& key) const;  // first index with key_at(i) >= key

  std::size_t count_;
  std::function<std::string(std::size_t)> key_at_;
};

}  // namespace s3mirror::testing
