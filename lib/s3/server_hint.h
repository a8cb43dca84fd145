// What a failed S3 answer says about how the request should have been made: the bucket lives in
// another region, the local clock is off, or the session token has expired. Pure: the caller
// (s3/correcting_transport.h) decides what to do with it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "http/request.h"

namespace s3mirror::s3 {

enum class HintKind { kWrongRegion, kClockSkew, kExpiredToken };

struct ServerHint {
  HintKind kind = HintKind::kWrongRegion;
  std::string region{};  // kWrongRegion: the bucket's region
  // kClockSkew: the server's time when it answered (its Date header, else <ServerTime>).
  std::chrono::system_clock::time_point server_time{};
  std::string code{};  // the S3 error code, or "" for an answer without a body
};

// The hint in `response`, for a request signed for `signing_region`; nullopt when there is none:
//   kWrongRegion: a non-2xx answer whose x-amz-bucket-region header, <Region> (400
//     AuthorizationHeaderMalformed) or <Endpoint> (301 PermanentRedirect) names a region other
//     than `signing_region`;
//   kClockSkew: 403 RequestTimeTooSkewed with a readable server time;
//   kExpiredToken: ExpiredToken, ExpiredTokenException or TokenRefreshRequired.
std::optional<ServerHint> HintFromResponse(const http::Response& response,
                                           const std::string& signing_region);

// RFC 1123 date of an HTTP Date header ("Wed, 25 Nov 2026 14:41:35 GMT").
std::optional<std::chrono::system_clock::time_point> ParseHttpDate(const std::string& text);

// The region in an S3 endpoint host name: "bucket.s3.eu-west-1.amazonaws.com" and
// "s3-eu-west-1.amazonaws.com" give "eu-west-1"; "" when the host names none.
std::string RegionOfAwsHost(const std::string& host);

}  // namespace s3mirror::s3
