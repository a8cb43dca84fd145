// Builds the (unsigned) HTTP request of each S3 operation used by s3mirror. Pure: no I/O, no clock.
// Keys are URI-encoded once, '/' kept (S3 signs the path encoded once and not normalised).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "s3/endpoint.h"
#include "s3/types.h"

namespace s3mirror::s3 {

struct ListParams {
  std::string prefix{};
  std::string continuation_token{};
  std::string start_after{};
  int max_keys = 1000;
};

class RequestBuilder {
 public:
  RequestBuilder(Endpoint endpoint, std::string bucket);

  const Endpoint& endpoint() const { return endpoint_; }
  const std::string& bucket() const { return bucket_; }

  // GET ?list-type=2 with encoding-type=url.
  http::Request ListObjectsV2(const ListParams& params) const;
  http::Request HeadBucket() const;
  http::Request HeadObject(std::string_view key) const;
  http::Request GetObject(std::string_view key) const;
  // PUT with Content-MD5 (base64 of the binary MD5) and the object settings as headers.
  http::Request PutObject(std::string_view key, std::shared_ptr<const std::string> body,
                          std::string_view content_md5_base64,
                          const ObjectSettings& settings) const;
  // POST ?delete with a Quiet multi-object delete document (at most 1000 keys) and its Content-MD5.
  http::Request DeleteObjects(const std::vector<std::string>& keys) const;
  http::Request CreateMultipartUpload(std::string_view key, const ObjectSettings& settings) const;
  http::Request UploadPart(std::string_view key, std::string_view upload_id, int part_number,
                           std::shared_ptr<const std::string> body,
                           std::string_view content_md5_base64) const;
  http::Request CompleteMultipartUpload(std::string_view key, std::string_view upload_id,
                                        const std::vector<CompletedPart>& parts) const;
  // PUT with x-amz-copy-source naming the object itself and x-amz-metadata-directive: REPLACE:
  // a metadata-only rewrite carrying `settings` as the object's new headers. `etag` (normalised)
  // is sent as x-amz-copy-source-if-match; empty: unconditional. One request copies at most
  // 5 GiB (S3's limit).
  http::Request CopyObjectOntoItself(std::string_view key, std::string_view etag,
                                     const ObjectSettings& settings) const;
  http::Request AbortMultipartUpload(std::string_view key, std::string_view upload_id) const;
  // GET ?uploads (ListMultipartUploads) under a prefix.
  http::Request ListMultipartUploads(std::string_view prefix) const;

 private:
  http::Request Base(std::string_view method, std::string_view key, std::string query) const;

  Endpoint endpoint_;
  std::string bucket_{};
  BucketAddress address_;
};

}  // namespace s3mirror::s3
