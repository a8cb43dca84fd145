// Turning S3 answers into typed errors. Pure.
#pragma once

#include "http/request.h"
#include "util/result.h"

namespace s3mirror::s3 {

// Error for a non-2xx response: parses the S3 XML error body (Code, Message, RequestId) when there
// is one, and maps status and code to a kind:
//   SlowDown/503 -> kThrottled; RequestTimeout, InternalError, 5xx -> kServer;
//   InvalidAccessKeyId, SignatureDoesNotMatch, AccessDenied, ExpiredToken, 401/403 -> kAuth;
//   NoSuchBucket, NoSuchKey, 404 -> kNotFound; other 4xx -> kInternal.
// `subject` (e.g. "PUT s3://bucket/key") starts the message.
Error ErrorFromResponse(const http::Response& response, std::string_view subject);

// The response when it is a 2xx, otherwise the error (transport errors pass through unchanged).
// S3 may answer CompleteMultipartUpload and CopyObject with 200 and an <Error> body: that is an
// error too.
Result<http::Response> CheckResponse(Result<http::Response> response, std::string_view subject);

}  // namespace s3mirror::s3
