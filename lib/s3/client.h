// Client: blocking S3 operations with retries, for the few calls that are not on the bulk path
// (listing, HEAD, heartbeat, GET of small objects). The bulk upload path is sync/executor, which
// drives the Transport itself. Not thread-safe.
#pragma once

#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "auth/request_signer.h"
#include "http/retry.h"
#include "http/transport.h"
#include "s3/request_builder.h"
#include "s3/types.h"

namespace s3mirror::s3 {

struct ClientContext {
  http::Transport& transport;
  auth::RequestSigner& signer;
  const RequestBuilder& builder;
  http::RetryPolicy retry;
  // Called before each retry (for logging); may be empty.
  std::function<void(std::string_view subject, const Error& error, int retry,
                     std::chrono::milliseconds delay)>
      on_retry;
};

class Client {
 public:
  explicit Client(ClientContext context);

  // Every object under `prefix`, in key order (all pages). Calls `on_page` after each page with the
  // count so far, for progress; may be empty.
  Result<std::vector<ObjectInfo>> ListAll(std::string_view prefix,
                                          const std::function<void(size_t)>& on_page = {});
  Result<ListPage> List(const ListParams& params);
  Status HeadBucket();
  Result<ObjectInfo> HeadObject(std::string_view key);
  Result<std::string> GetObject(std::string_view key);
  Status PutObject(std::string_view key, std::string body, const ObjectSettings& settings);
  Result<DeleteResult> DeleteObjects(const std::vector<std::string>& keys);

  // Signs, sends and retries `build()` until success or a non-retryable error; checks the status.
  // Subjects name the operation for messages: "LIST s3://bucket/prefix", "HEAD s3://bucket/key".
  Result<http::Response> Execute(const std::function<http::Request()>& build,
                                 std::string_view subject);

 private:
  // Signs and sends one attempt. Wrong region, clock skew and expired credentials are corrected
  // below, by the transport (s3/correcting_transport.h) when the session uses one.
  Result<http::Response> Attempt(const http::Request& request, std::string_view subject);

  ClientContext context_;
  std::mt19937_64 random_{std::random_device{}()};  // backoff jitter
};

}  // namespace s3mirror::s3
