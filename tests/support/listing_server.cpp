#include "support/listing_server.h"

#include <algorithm>
#include <map>
#include <memory>

#include "util/uri.h"

namespace s3mirror::testing {
namespace {

std::map<std::string, std::string> QueryParams(const std::string& query) {
  std::map<std::string, std::string> params;
  std::size_t begin = 0;
  while (begin < query.size()) {
    std::size_t end = query.find('&', begin);
    if (end == std::string::npos) end = query.size();
    const std::string pair = query.substr(begin, end - begin);
    const std::size_t equals = pair.find('=');
    params[UriDecode(pair.substr(0, equals))] =
        equals == std::string::npos ? "" : UriDecode(pair.substr(equals + 1));
    begin = end + 1;
  }
  return params;
}

}  // namespace

ListingServer::ListingServer(std::size_t count, std::function<std::string(std::size_t)> key_at)
    : count_(count), key_at_(std::move(key_at)) {}

ListingServer::ListingServer(std::vector<std::string> sorted_keys) : count_(sorted_keys.size()) {
  auto keys = std::make_shared<std::vector<std::string>>(std::move(sorted_keys));
  key_at_ = [keys](std::size_t i) { return (*keys)[i]; };
}

std::size_t ListingServer::LowerBound(const std::string& key) const {
  std::size_t low = 0, high = count_;
  while (low < high) {
    const std::size_t middle = low + (high - low) / 2;
    if (key_at_(middle) < key) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

// The continuation token is the last key of the page, as S3's opaque token stands for it; it
// wins over start-after, as in S3.
Result<http::Response> ListingServer::Answer(const http::Request& request) {
  ++list_requests;
  if (auto failure = failures.find(list_requests); failure != failures.end()) {
    return failure->second;
  }
  std::map<std::string, std::string> params = QueryParams(request.query);
  const std::string& prefix = params["prefix"];
  const std::string after = params.count("continuation-token")
                                ? UriDecode(params["continuation-token"])
                                : params["start-after"];
  std::size_t i = std::max(LowerBound(prefix), after.empty() ? 0 : LowerBound(after + '\0'));
  const std::size_t max_keys = params.count("max-keys") ? std::stoul(params["max-keys"]) : 1000;
  std::string body = "<ListBucketResult><EncodingType>url</EncodingType>";
  std::string contents, last;
  std::size_t taken = 0;
  for (; i < count_ && taken < max_keys; ++i, ++taken) {
    std::string key = key_at_(i);
    if (key.compare(0, prefix.size(), prefix) != 0) break;
    last = std::move(key);
    contents += "<Contents><Key>" + UriEncode(last, true) + "</Key><Size>" + std::to_string(size) +
                "</Size><ETag>\"" + etag + "\"</ETag></Contents>";
  }
  const bool truncated = taken == max_keys && i < count_ && key_at_(i).rfind(prefix, 0) == 0;
  body += std::string("<IsTruncated>") + (truncated ? "true" : "false") + "</IsTruncated>";
  if (truncated)
    body += "<NextContinuationToken>" + UriEncode(last, true) + "</NextContinuationToken>";
  body += contents + "</ListBucketResult>";
  http::Response response;
  response.status = 200;
  response.body = std::move(body);
  return response;
}

}  // namespace s3mirror::testing
