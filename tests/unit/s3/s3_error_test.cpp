#include "s3/s3_error.h"

#include <catch2/catch.hpp>

#include "unit/s3/testdata.h"

namespace s3mirror::s3 {
namespace {

using testing::ReadXmlSample;

http::Response Answer(long status, std::string body, std::vector<http::Header> headers = {}) {
  http::Response response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

TEST_CASE("ErrorFromResponse maps NoSuchBucket to kNotFound with the request id") {
  const Error error = ErrorFromResponse(Answer(404, ReadXmlSample("error_no_such_bucket.xml")),
                                        "LIST s3://site-mirror/www/");
  CHECK(error.kind == ErrorKind::kNotFound);
  CHECK(error.http_status == 404);
  CHECK(error.s3_code == "NoSuchBucket");
  CHECK(error.request_id == "4442587FB7D0A2F9");
  CHECK(error.message.rfind("LIST s3://site-mirror/www/: NoSuchBucket", 0) == 0);
  CHECK(error.message.find("The specified bucket does not exist") != std::string::npos);
  CHECK(error.message.find("4442587FB7D0A2F9") != std::string::npos);
}

TEST_CASE("ErrorFromResponse makes a wrong region a kConfig error that names the region") {
  const Error error = ErrorFromResponse(
      Answer(400, ReadXmlSample("error_authorization_header_malformed.xml")), "LIST s3://b/");
  CHECK(error.kind == ErrorKind::kConfig);
  CHECK(error.message.find("--region eu-central-1") != std::string::npos);

  const Error redirect = ErrorFromResponse(
      Answer(301, "", {{"x-amz-bucket-region", "ap-southeast-2"}, {"x-amz-request-id", "R1"}}),
      "HEAD s3://b");
  CHECK(redirect.kind == ErrorKind::kConfig);
  CHECK(redirect.request_id == "R1");
  CHECK(redirect.message.find("--region ap-southeast-2") != std::string::npos);
}

TEST_CASE("ErrorFromResponse marks RequestTimeTooSkewed as kAuth with its code") {
  const Error error = ErrorFromResponse(
      Answer(403, ReadXmlSample("error_request_time_too_skewed.xml")), "PUT s3://b/k");
  CHECK(error.kind == ErrorKind::kAuth);
  CHECK(error.s3_code == "RequestTimeTooSkewed");
  CHECK(error.message.find("clock") != std::string::npos);
}

TEST_CASE("ErrorFromResponse classifies throttling, server and auth failures") {
  const Error slow = ErrorFromResponse(
      Answer(503, ReadXmlSample("error_slow_down.xml"), {{"Retry-After", "7"}}), "PUT s3://b/k");
  CHECK(slow.kind == ErrorKind::kThrottled);
  CHECK(slow.retry_after_s == 7);
  CHECK(ErrorFromResponse(Answer(500, ""), "s").kind == ErrorKind::kServer);
  CHECK(ErrorFromResponse(Answer(502, "<html>Bad Gateway</html>"), "s").kind == ErrorKind::kServer);
  CHECK(ErrorFromResponse(Answer(400, "<Error><Code>RequestTimeout</Code></Error>"), "s").kind ==
        ErrorKind::kServer);
  CHECK(ErrorFromResponse(Answer(403, "<Error><Code>SignatureDoesNotMatch</Code></Error>"), "s")
            .kind == ErrorKind::kAuth);
  CHECK(ErrorFromResponse(Answer(403, ""), "s").kind == ErrorKind::kAuth);
  CHECK(ErrorFromResponse(Answer(404, ""), "s").kind == ErrorKind::kNotFound);
  CHECK(ErrorFromResponse(Answer(400, "<Error><Code>InvalidArgument</Code></Error>"), "s").kind ==
        ErrorKind::kInternal);
  CHECK(ErrorFromResponse(Answer(500, ""), "s").retry_after_s == -1);
}

TEST_CASE("CheckResponse passes 2xx answers and transport errors through") {
  auto ok = CheckResponse(Answer(200, "<ListBucketResult/>"), "LIST s3://b/");
  REQUIRE(ok);
  CHECK(ok->body == "<ListBucketResult/>");
  Result<http::Response> reset = Fail(ErrorKind::kNetwork, "connection to h broke");
  auto passed = CheckResponse(std::move(reset), "PUT s3://b/k");
  REQUIRE_FALSE(passed);
  CHECK(passed.error().kind == ErrorKind::kNetwork);
  CHECK(passed.error().message == "connection to h broke");
}

TEST_CASE("CheckResponse treats a 200 answer with an Error document as a retryable error") {
  auto result = CheckResponse(Answer(200, ReadXmlSample("complete_multipart_upload_error.xml")),
                              "COMPLETE s3://b/k");
  REQUIRE_FALSE(result);
  CHECK(result.error().kind == ErrorKind::kServer);
  CHECK(result.error().s3_code == "InternalError");
  CHECK(CheckResponse(Answer(404, ""), "HEAD s3://b/k").error().kind == ErrorKind::kNotFound);
}

TEST_CASE("ErrorFromResponse names body-less statuses") {
  CHECK(ErrorFromResponse(Answer(404, ""), "HEAD s3://b/k").message ==
        "HEAD s3://b/k: HTTP 404: not found");
  CHECK(ErrorFromResponse(Answer(403, "", {{"x-amz-request-id", "RID"}}), "HEAD s3://b").message ==
        "HEAD s3://b: HTTP 403: forbidden [request id RID]");
}

}  // namespace
}  // namespace s3mirror::s3
