#include "s3/xml.h"

#include <catch2/catch.hpp>

#include "unit/s3/testdata.h"

namespace s3mirror::s3 {
namespace {

using testing::ReadXmlSample;

TEST_CASE("ParseListObjectsV2 reads a truncated page with its continuation token") {
  auto page = ParseListObjectsV2(ReadXmlSample("list_objects_v2_page1.xml"));
  REQUIRE(page);
  CHECK(page->truncated);
  CHECK(page->next_continuation_token ==
        "1Lw8fBw4pAWr3vSD+Tvb+4yR2dqLqANWjD8u4Kv/Gfk7zcMUCDMjf6QEmsrV09ZHhMt4y3B1bNWI=");
  REQUIRE(page->objects.size() == 4);
  CHECK(page->objects[0].size == 308281344);
  CHECK(page->objects[0].etag == "3858f62230ac3c915f300c664312c11f-37");
  CHECK(page->objects[0].last_modified == "2026-11-20T09:14:02.000Z");
  CHECK(page->objects[1].etag == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(page->objects[1].size == 0);
}

TEST_CASE("ParseListObjectsV2 decodes url-encoded keys, '+' as space and %2B as '+'") {
  auto page = ParseListObjectsV2(ReadXmlSample("list_objects_v2_page1.xml"));
  REQUIRE(page);
  REQUIRE(page->objects.size() == 4);
  CHECK(page->objects[0].key == "www/annual report 2023.pdf");
  CHECK(page->objects[1].key == "www/c++/index.html");
  CHECK(page->objects[2].key == "www/caf\xC3\xA9/men\xC3\xBC.html");
  CHECK(page->objects[3].key == "www/growth-100%.csv");
}

TEST_CASE("ParseListObjectsV2 reads un-namespaced last pages encoded with %20") {
  auto page = ParseListObjectsV2(ReadXmlSample("list_objects_v2_page2.xml"));
  REQUIRE(page);
  CHECK_FALSE(page->truncated);
  CHECK(page->next_continuation_token.empty());
  REQUIRE(page->objects.size() == 2);
  CHECK(page->objects[0].key == "www/my page.html");
  CHECK(page->objects[1].key == "www/~tilde=&.js");
  CHECK(page->objects[1].etag == "7d793037a0760186574b0282f2f435e7");
}

TEST_CASE("ParseListObjectsV2 keeps keys as sent when the answer is not url-encoded") {
  auto page = ParseListObjectsV2(ReadXmlSample("list_objects_v2_raw_keys.xml"));
  REQUIRE(page);
  REQUIRE(page->objects.size() == 1);
  CHECK(page->objects[0].key == "a+b %41.txt");
}

TEST_CASE("ParseListObjectsV2 accepts an empty listing") {
  auto page = ParseListObjectsV2(ReadXmlSample("list_objects_v2_empty.xml"));
  REQUIRE(page);
  CHECK(page->objects.empty());
  CHECK_FALSE(page->truncated);
}

TEST_CASE("ParseListObjectsV2 rejects a cut-off document as malformed") {
  auto page = ParseListObjectsV2(ReadXmlSample("list_objects_v2_truncated_document.xml"));
  REQUIRE_FALSE(page);
  CHECK(page.error().kind == ErrorKind::kServer);
  CHECK(page.error().message.rfind("malformed ListObjectsV2 answer from the server: ", 0) == 0);
}

TEST_CASE("ParseListObjectsV2 rejects other documents, bad sizes and truncation without token") {
  CHECK_FALSE(ParseListObjectsV2(ReadXmlSample("error_slow_down.xml")));
  CHECK_FALSE(ParseListObjectsV2(
      "<ListBucketResult><Contents><Key>a</Key><Size>12x</Size></Contents></ListBucketResult>"));
  CHECK_FALSE(
      ParseListObjectsV2("<ListBucketResult><IsTruncated>true</IsTruncated>"
                         "</ListBucketResult>"));
  CHECK_FALSE(ParseListObjectsV2(""));
}

TEST_CASE("ParseUploadId reads InitiateMultipartUploadResult") {
  auto upload_id = ParseUploadId(ReadXmlSample("initiate_multipart_upload.xml"));
  REQUIRE(upload_id);
  CHECK(*upload_id == "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA");
  CHECK_FALSE(ParseUploadId("<InitiateMultipartUploadResult/>"));
}

TEST_CASE("ParseCompleteMultipartUpload returns the normalised ETag") {
  auto etag = ParseCompleteMultipartUpload(ReadXmlSample("complete_multipart_upload.xml"));
  REQUIRE(etag);
  CHECK(*etag == "3858f62230ac3c915f300c664312c11f-37");
}

TEST_CASE("ParseCompleteMultipartUpload accepts the Response root that moto sends") {
  auto etag = ParseCompleteMultipartUpload(ReadXmlSample("complete_multipart_upload_moto.xml"));
  REQUIRE(etag);
  CHECK(*etag == "cb8d7289925309a05b2db09b7709c264-1");
}

TEST_CASE("ParseCompleteMultipartUpload fails on a 200 answer carrying an Error") {
  auto etag = ParseCompleteMultipartUpload(ReadXmlSample("complete_multipart_upload_error.xml"));
  REQUIRE_FALSE(etag);
  CHECK(etag.error().kind == ErrorKind::kServer);
}

TEST_CASE("ParseDeleteResult separates deleted keys from per-key errors") {
  auto result = ParseDeleteResult(ReadXmlSample("delete_result.xml"));
  REQUIRE(result);
  REQUIRE(result->deleted.size() == 1);
  CHECK(result->deleted[0] == "www/old & stale.html");
  REQUIRE(result->failed.size() == 2);
  CHECK(result->failed[0].key == "www/locked.pdf");
  CHECK(result->failed[0].code == "AccessDenied");
  CHECK(result->failed[0].message == "Access Denied");
  CHECK(result->failed[1].code == "InternalError");
}

TEST_CASE("ParseDeleteResult accepts the empty answer of a quiet delete") {
  auto result = ParseDeleteResult(
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></DeleteResult>)");
  REQUIRE(result);
  CHECK(result->deleted.empty());
  CHECK(result->failed.empty());
}

TEST_CASE("ParseMultipartUploads lists keys and upload ids, url-decoded") {
  auto uploads = ParseMultipartUploads(ReadXmlSample("list_multipart_uploads.xml"));
  REQUIRE(uploads);
  REQUIRE(uploads->size() == 2);
  CHECK((*uploads)[0].first == "www/annual report.pdf");
  CHECK((*uploads)[0].second == "abc123");
  CHECK((*uploads)[1].first == "www/video.mp4");
}

TEST_CASE("ParseErrorDocument reads code, message, request id and region") {
  auto error = ParseErrorDocument(ReadXmlSample("error_authorization_header_malformed.xml"));
  REQUIRE(error);
  CHECK(error->code == "AuthorizationHeaderMalformed");
  CHECK(error->region == "eu-central-1");
  CHECK(error->request_id == "8MBMZ1C4JMMJ9FH3");
  CHECK(error->message.find("expecting 'eu-central-1'") != std::string::npos);
}

TEST_CASE("ParseErrorDocument works with namespaced documents and refuses other bodies") {
  auto error = ParseErrorDocument(ReadXmlSample("error_slow_down.xml"));
  REQUIRE(error);
  CHECK(error->code == "SlowDown");
  CHECK_FALSE(ParseErrorDocument(ReadXmlSample("delete_result.xml")));
  CHECK_FALSE(ParseErrorDocument("<html><body>Bad Gateway</body></html>"));
  CHECK_FALSE(ParseErrorDocument(""));
}

}  // namespace
}  // namespace s3mirror::s3
