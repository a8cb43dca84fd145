#include "s3/s3_error.h"

#include <charconv>
#include <string>

#include "s3/xml.h"

namespace s3mirror::s3 {
namespace {

ErrorKind KindFor(long status, std::string_view code) {
  if (code == "SlowDown" || code == "Throttling" || code == "ThrottlingException" ||
      code == "RequestLimitExceeded" || status == 503 || status == 429) {
    return ErrorKind::kThrottled;
  }
  if (code == "RequestTimeout" || code == "InternalError" || status >= 500) {
    return ErrorKind::kServer;
  }
  if (code == "AuthorizationHeaderMalformed" || code == "PermanentRedirect" ||
      code == "IllegalLocationConstraintException") {
    return ErrorKind::kConfig;
  }
  if (code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch" || code == "AccessDenied" ||
      code == "ExpiredToken" || code == "RequestTimeTooSkewed" || code == "InvalidToken" ||
      status == 401 || status == 403) {
    return ErrorKind::kAuth;
  }
  if (code == "NoSuchBucket" || code == "NoSuchKey" || code == "NoSuchUpload" || status == 404) {
    return ErrorKind::kNotFound;
  }
  if (status == 301 || status == 307) return ErrorKind::kConfig;  // HEAD redirect: no body
  return ErrorKind::kInternal;
}

int RetryAfterSeconds(const http::Response& response) {
  const std::string* value = response.HeaderValue("Retry-After");
  if (value == nullptr) return -1;
  int seconds = -1;
  const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), seconds);
  if (ec != std::errc() || end != value->data() + value->size() || seconds < 0) return -1;
  return seconds;
}

// A name for statuses that come without an error document (HEAD answers, proxies).
const char* StatusText(long status) {
  switch (status) {
    case 301:
      return "moved permanently";
    case 307:
      return "temporary redirect";
    case 400:
      return "bad request";
    case 403:
      return "forbidden";
    case 404:
      return "not found";
    case 405:
      return "method not allowed";
    case 409:
      return "conflict";
    case 412:
      return "precondition failed";
    case 500:
      return "internal server error";
    case 502:
      return "bad gateway";
    case 503:
      return "service unavailable";
    case 504:
      return "gateway timeout";
    default:
      return "";
  }
}

// What to do about the error, appended to the message where we know.
std::string Advice(const Error& error, std::string_view region) {
  if (error.s3_code == "AuthorizationHeaderMalformed" || error.s3_code == "PermanentRedirect" ||
      error.http_status == 301) {
    if (region.empty()) return "; the bucket is in another region: set --region";
    return "; the bucket is in region " + std::string(region) + ": use --region " +
           std::string(region);
  }
  if (error.s3_code == "RequestTimeTooSkewed") return "; the local clock is wrong: fix it (NTP)";
  if (error.s3_code == "SignatureDoesNotMatch") return "; check the secret access key";
  if (error.s3_code == "InvalidAccessKeyId") return "; check the access key id";
  return "";
}

}  // namespace

Error ErrorFromResponse(const http::Response& response, std::string_view subject) {
  Error error;
  error.http_status = static_cast<int>(response.status);
  std::string message;
  std::string region;
  if (auto parsed = ParseErrorDocument(response.body)) {
    error.s3_code = parsed->code;
    error.request_id = parsed->request_id;
    message = parsed->message;
    region = parsed->region;
  }
  if (region.empty()) {
    if (const std::string* header = response.HeaderValue("x-amz-bucket-region")) region = *header;
  }
  if (error.request_id.empty()) {
    if (const std::string* header = response.HeaderValue("x-amz-request-id")) {
      error.request_id = *header;
    }
  }
  error.kind = KindFor(response.status, error.s3_code);
  error.retry_after_s = RetryAfterSeconds(response);
  // "PUT s3://b/k: AccessDenied (HTTP 403): Access Denied; advice [request id X]"
  error.message = std::string(subject) + ": " +
                  (error.s3_code.empty() ? std::string("HTTP ") : error.s3_code + " (HTTP ") +
                  std::to_string(response.status) + (error.s3_code.empty() ? "" : ")");
  if (message.empty() && error.s3_code.empty()) message = StatusText(response.status);
  if (!message.empty()) error.message += ": " + message;
  error.message += Advice(error, region);
  if (!error.request_id.empty()) error.message += " [request id " + error.request_id + "]";
  return error;
}

Result<http::Response> CheckResponse(Result<http::Response> response, std::string_view subject) {
  if (!response) return response;  // transport errors pass through unchanged
  const long status = response->status;
  if (status < 200 || status >= 300) return Fail(ErrorFromResponse(*response, subject));
  // A 200 whose body is an <Error> document (CompleteMultipartUpload, CopyObject): S3 documents
  // that such errors (usually InternalError) are to be retried.
  const std::string& body = response->body;
  if (body.find("<Error") != std::string::npos && ParseErrorDocument(body)) {
    Error error = ErrorFromResponse(*response, subject);
    if (error.kind == ErrorKind::kInternal) error.kind = ErrorKind::kServer;
    return Fail(std::move(error));
  }
  return response;
}

}  // namespace s3mirror::s3
