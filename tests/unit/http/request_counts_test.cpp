#include "http/request_counts.h"

#include <catch2/catch.hpp>

#include "http/counting_transport.h"
#include "support/fake_transport.h"

namespace s3mirror::http {
namespace {

Request Make(std::string method, std::string query, std::vector<Header> headers = {}) {
  Request request;
  request.method = std::move(method);
  request.scheme = "http";
  request.host = "127.0.0.1:9000";
  request.path = "/bucket/site/a.html";
  request.query = std::move(query);
  request.headers = std::move(headers);
  return request;
}

}  // namespace

TEST_CASE("ClassifyRequest tells listing from other GETs by list-type") {
  CHECK(ClassifyRequest(Make("GET", "encoding-type=url&list-type=2&max-keys=1000")) ==
        RequestType::kList);
  CHECK(ClassifyRequest(Make("GET", "")) == RequestType::kGet);
  CHECK(ClassifyRequest(Make("GET", "x-list-type=2")) == RequestType::kGet);
}

TEST_CASE("ClassifyRequest names HEAD, PUT and a PUT with x-amz-copy-source a COPY") {
  CHECK(ClassifyRequest(Make("HEAD", "")) == RequestType::kHead);
  CHECK(ClassifyRequest(Make("PUT", "")) == RequestType::kPut);
  CHECK(ClassifyRequest(Make("PUT", "", {{"X-Amz-Copy-Source", "/bucket/site/a.html"}})) ==
        RequestType::kCopy);
}

TEST_CASE("ClassifyRequest tells the four multipart requests apart") {
  CHECK(ClassifyRequest(Make("POST", "uploads")) == RequestType::kMultipartCreate);
  CHECK(ClassifyRequest(Make("POST", "uploads=")) == RequestType::kMultipartCreate);
  CHECK(ClassifyRequest(Make("PUT", "partNumber=3&uploadId=UP1")) == RequestType::kMultipartPart);
  CHECK(ClassifyRequest(
            Make("PUT", "partNumber=3&uploadId=UP1", {{"x-amz-copy-source", "/bucket/big"}})) ==
        RequestType::kMultipartPart);
  CHECK(ClassifyRequest(Make("POST", "uploadId=UP1")) == RequestType::kMultipartComplete);
  CHECK(ClassifyRequest(Make("DELETE", "uploadId=UP1")) == RequestType::kMultipartAbort);
}

TEST_CASE("ClassifyRequest counts DeleteObjects and DeleteObject as DELETE") {
  CHECK(ClassifyRequest(Make("POST", "delete")) == RequestType::kDelete);
  CHECK(ClassifyRequest(Make("POST", "delete=")) == RequestType::kDelete);
  CHECK(ClassifyRequest(Make("DELETE", "")) == RequestType::kDelete);
}

TEST_CASE("ClassifyRequest leaves unknown requests as other") {
  CHECK(ClassifyRequest(Make("POST", "")) == RequestType::kOther);
  CHECK(ClassifyRequest(Make("OPTIONS", "")) == RequestType::kOther);
}

TEST_CASE("RequestCounts sorts answers into throttled, server errors and network errors") {
  RequestCounts counts;
  for (long status : {200L, 204L, 404L, 503L, 503L, 500L, 502L, 0L}) counts.CountAnswer(status);
  CHECK(counts.throttled == 2);
  CHECK(counts.server_errors == 2);
  CHECK(counts.network_errors == 1);
  CHECK(counts.Total() == 0);  // answers are not requests
}

TEST_CASE("RequestCounts totals every type and groups the multipart ones") {
  RequestCounts counts;
  for (RequestType type :
       {RequestType::kList, RequestType::kPut, RequestType::kPut, RequestType::kMultipartCreate,
        RequestType::kMultipartPart, RequestType::kMultipartComplete, RequestType::kMultipartAbort,
        RequestType::kDelete, RequestType::kOther}) {
    counts.Count(type);
  }
  CHECK(counts.Multipart() == 4);
  CHECK(counts.Total() == 9);
  CHECK(counts.put == 2);
  const std::vector<NamedCount> by_type = CountsByType(counts);
  REQUIRE(by_type.size() == 11);
  CHECK(std::string(by_type[5].name) == "delete");
  CHECK(by_type[5].value == 1);
}

TEST_CASE("RequestCounts since an earlier copy are the counts added after it") {
  RequestCounts counts;
  counts.Count(RequestType::kList);
  counts.CountAnswer(503);
  const RequestCounts earlier = counts;
  counts.Count(RequestType::kList);
  counts.Count(RequestType::kPut);
  counts.Count(RequestType::kMultipartAbort);
  counts.CountAnswer(0);
  counts.CountAnswer(500);
  const RequestCounts added = counts.Since(earlier);
  CHECK(added.list == 1);
  CHECK(added.put == 1);
  CHECK(added.multipart_abort == 1);
  CHECK(added.Total() == 3);
  CHECK(added.throttled == 0);
  CHECK(added.network_errors == 1);
  CHECK(added.server_errors == 1);
  CHECK(counts.Since(counts) == RequestCounts{});
}

TEST_CASE("RequestCounts added to others sum every count, types and answers") {
  RequestCounts run;
  run.Count(RequestType::kList);
  run.Count(RequestType::kPut);
  run.CountAnswer(503);
  RequestCounts heartbeat;
  heartbeat.Count(RequestType::kPut);
  heartbeat.Count(RequestType::kPut);
  heartbeat.CountAnswer(0);
  const RequestCounts before = run;
  run += heartbeat;
  CHECK(run.list == 1);
  CHECK(run.put == 3);
  CHECK(run.Total() == 4);
  CHECK(run.throttled == 1);
  CHECK(run.network_errors == 1);
  CHECK(run.Since(before) == heartbeat);
}

TEST_CASE("CountingTransport counts each started request and each answer it passes on") {
  testing::FakeTransport fake;
  fake.Enqueue("PUT", "/bucket/site/a.html", testing::MakeS3Error(503, "SlowDown"));
  fake.Enqueue("GET", "/bucket/site/a.html", testing::NetworkFailure("reset"));
  CountingTransport counting(fake);
  counting.Start(Make("PUT", ""));
  counting.Start(Make("PUT", ""));
  counting.Start(Make("GET", ""));
  counting.Start(Make("GET", "list-type=2"));
  const ExchangeId cancelled = counting.Start(Make("POST", "uploads"));
  counting.Cancel(cancelled);
  std::size_t completions = 0;
  while (counting.InFlight() > 0) completions += counting.Wait(std::chrono::milliseconds(0)).size();
  CHECK(completions == 4);
  const RequestCounts& counts = counting.counts();
  CHECK(counts.put == 2);
  CHECK(counts.get == 1);
  CHECK(counts.list == 1);
  CHECK(counts.multipart_create == 1);  // sent, then abandoned
  CHECK(counts.Total() == 5);
  CHECK(counts.throttled == 1);
  CHECK(counts.network_errors == 1);
  CHECK(counts.server_errors == 0);
}

}  // namespace s3mirror::http
