// AWS Signature Version 4 for S3 requests (header authorization).
//   https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
// SignRequest adds x-amz-date, x-amz-content-sha256, x-amz-security-token (when there is a session
// token) and Authorization to a Request whose host, path (encoded once) and query are final.
// The stages are exposed in sigv4_canonical.h so each has its own golden test.
#pragma once

#include <chrono>
#include <string>

#include "auth/credentials.h"
#include "http/request.h"

namespace s3mirror::auth {

// SHA-256 of the empty string, the payload hash of bodiless requests.
inline constexpr const char* kEmptyPayloadSha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
inline constexpr const char* kUnsignedPayload = "UNSIGNED-PAYLOAD";

struct SigningParams {
  std::string region;          // e.g. "us-east-1"
  std::string service = "s3";  // "s3", "sts"
  std::chrono::system_clock::time_point time;
  // Hex SHA-256 of the body, or kUnsignedPayload. Empty: computed from request.body.
  std::string payload_hash;
};

void SignRequest(http::Request& request, const Credentials& credentials,
                 const SigningParams& params);

}  // namespace s3mirror::auth
