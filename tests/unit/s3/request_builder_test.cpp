#include "s3/request_builder.h"

#include <catch2/catch.hpp>

#include "s3/body_checksum.h"
#include "util/crypto.h"

namespace s3mirror::s3 {
namespace {

RequestBuilder PathStyleBuilder() {
  auto endpoint = ParseEndpoint("http://127.0.0.1:9000", "us-east-1", Addressing::kAuto);
  REQUIRE(endpoint);
  return RequestBuilder(*endpoint, "site-mirror");
}

RequestBuilder AwsBuilder() {
  auto endpoint = ParseEndpoint("", "eu-central-1", Addressing::kAuto);
  REQUIRE(endpoint);
  return RequestBuilder(*endpoint, "site-mirror");
}

const std::string& Header(const http::Request& request, std::string_view name) {
  const std::string* value = http::FindHeader(request.headers, name);
  REQUIRE(value != nullptr);
  return *value;
}

TEST_CASE("RequestBuilder encodes keys once and keeps slashes in the path") {
  const auto request = PathStyleBuilder().GetObject("www/my page+1/caf\xC3\xA9~*.html");
  CHECK(request.method == "GET");
  CHECK(request.scheme == "http");
  CHECK(request.host == "127.0.0.1:9000");
  CHECK(request.path == "/site-mirror/www/my%20page%2B1/caf%C3%A9~%2A.html");
  CHECK(request.query.empty());
  CHECK(request.Url() == "http://127.0.0.1:9000/site-mirror/www/my%20page%2B1/caf%C3%A9~%2A.html");
  const auto aws = AwsBuilder().HeadObject("a//b");
  CHECK(aws.method == "HEAD");
  CHECK(aws.host == "site-mirror.s3.eu-central-1.amazonaws.com");
  CHECK(aws.path == "/a//b");
}

TEST_CASE("RequestBuilder lists with sorted, encoded query parameters") {
  const auto request = PathStyleBuilder().ListObjectsV2(ListParams{.prefix = "www/a b/",
                                                                   .continuation_token = "1Lw+/=",
                                                                   .start_after = "www/a b/x",
                                                                   .max_keys = 500});
  CHECK(request.method == "GET");
  CHECK(request.path == "/site-mirror");
  CHECK(request.query ==
        "continuation-token=1Lw%2B%2F%3D&encoding-type=url&list-type=2&max-keys=500&"
        "prefix=www%2Fa%20b%2F&start-after=www%2Fa%20b%2Fx");
  const auto first = AwsBuilder().ListObjectsV2(ListParams{});
  CHECK(first.path == "/");
  CHECK(first.query == "encoding-type=url&list-type=2&max-keys=1000");
}

TEST_CASE("RequestBuilder puts objects with Content-MD5 and the object settings") {
  auto body = std::make_shared<const std::string>("<html></html>");
  const ObjectSettings settings{.content_type = "text/html; charset=utf-8",
                                .cache_control = "max-age=300",
                                .acl = "public-read",
                                .storage_class = "STANDARD_IA",
                                .sse = "AES256",
                                .metadata = {{"mirror-mtime", "1700000000"}}};
  const auto request = PathStyleBuilder().PutObject("index.html", body, "md5==", settings);
  CHECK(request.method == "PUT");
  CHECK(request.path == "/site-mirror/index.html");
  CHECK(request.body == body);
  CHECK(Header(request, "Content-MD5") == "md5==");
  CHECK(Header(request, "Content-Type") == "text/html; charset=utf-8");
  CHECK(Header(request, "Cache-Control") == "max-age=300");
  CHECK(Header(request, "x-amz-acl") == "public-read");
  CHECK(Header(request, "x-amz-storage-class") == "STANDARD_IA");
  CHECK(Header(request, "x-amz-server-side-encryption") == "AES256");
  CHECK(Header(request, "x-amz-meta-mirror-mtime") == "1700000000");
  const auto plain = PathStyleBuilder().PutObject("k", body, "md5==", ObjectSettings{});
  CHECK(plain.headers.size() == 1);  // no empty headers for unset settings
}

TEST_CASE("RequestBuilder builds a quiet multi-object delete with escaped keys and Content-MD5") {
  const auto request = PathStyleBuilder().DeleteObjects({"a&b", "www/my page.html"});
  CHECK(request.method == "POST");
  CHECK(request.path == "/site-mirror");
  CHECK(request.query == "delete");
  REQUIRE(request.body);
  CHECK(*request.body ==
        "<Delete><Quiet>true</Quiet><Object><Key>a&amp;b</Key></Object>"
        "<Object><Key>www/my page.html</Key></Object></Delete>");
  CHECK(Header(request, "Content-MD5") == "38VpYXYwtdtRA8LJWMDxHw==");
  const auto odd = PathStyleBuilder().DeleteObjects({"<'\">\r"});
  CHECK(odd.body->find("<Key>&lt;&apos;&quot;&gt;&#13;</Key>") != std::string::npos);
}

TEST_CASE("RequestBuilder builds the multipart upload requests") {
  const RequestBuilder builder = PathStyleBuilder();
  const auto create = builder.CreateMultipartUpload(
      "big file.pdf", ObjectSettings{.content_type = "application/pdf"});
  CHECK(create.method == "POST");
  CHECK(create.path == "/site-mirror/big%20file.pdf");
  CHECK(create.query == "uploads");
  CHECK(Header(create, "Content-Type") == "application/pdf");

  auto part_body = std::make_shared<const std::string>("part");
  const auto part = builder.UploadPart("big file.pdf", "id+/=", 3, part_body, "p==");
  CHECK(part.method == "PUT");
  CHECK(part.query == "partNumber=3&uploadId=id%2B%2F%3D");
  CHECK(Header(part, "Content-MD5") == "p==");
  CHECK(part.body == part_body);

  const auto complete =
      builder.CompleteMultipartUpload("big file.pdf", "id", {{1, "aaa"}, {2, "bbb-2"}});
  CHECK(complete.method == "POST");
  CHECK(complete.query == "uploadId=id");
  REQUIRE(complete.body);
  CHECK(*complete.body ==
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"aaa\"</ETag></Part>"
        "<Part><PartNumber>2</PartNumber><ETag>\"bbb-2\"</ETag></Part></CompleteMultipartUpload>");

  const auto abort = builder.AbortMultipartUpload("big file.pdf", "id");
  CHECK(abort.method == "DELETE");
  CHECK(abort.query == "uploadId=id");
  const auto list = builder.ListMultipartUploads("www/");
  CHECK(list.method == "GET");
  CHECK(list.query == "encoding-type=url&prefix=www%2F&uploads");
  CHECK(builder.HeadBucket().method == "HEAD");
  CHECK(builder.HeadBucket().path == "/site-mirror");
}

TEST_CASE("RequestBuilder copies an object onto itself with REPLACE and the new headers") {
  const auto request = PathStyleBuilder().CopyObjectOntoItself(
      "docs/a b.pdf", "abc123",
      ObjectSettings{.content_type = "application/pdf",
                     .acl = "public-read",
                     .sse = "AES256",
                     .metadata = {{"site", "main"}},
                     .content_disposition = "attachment",
                     .expires = "Thu, 01 Dec 2033 16:00:00 GMT"});
  CHECK(request.method == "PUT");
  CHECK(request.path == "/site-mirror/docs/a%20b.pdf");
  CHECK(request.body == nullptr);
  CHECK(Header(request, "x-amz-copy-source") == "/site-mirror/docs/a%20b.pdf");
  CHECK(Header(request, "x-amz-copy-source-if-match") == "\"abc123\"");
  CHECK(Header(request, "x-amz-metadata-directive") == "REPLACE");
  CHECK(Header(request, "Content-Type") == "application/pdf");
  CHECK(Header(request, "Content-Disposition") == "attachment");
  CHECK(Header(request, "Expires") == "Thu, 01 Dec 2033 16:00:00 GMT");
  CHECK(Header(request, "x-amz-acl") == "public-read");
  CHECK(Header(request, "x-amz-server-side-encryption") == "AES256");
  CHECK(Header(request, "x-amz-meta-site") == "main");
}

TEST_CASE("Body checksums go in the header their algorithm names") {
  http::Request md5;
  AddBodyChecksum(md5, ComputeBodyChecksum(ChecksumAlgorithm::kMd5, "abc", Md5("abc")));
  CHECK(Header(md5, "Content-MD5") == Base64Encode(Md5("abc")));
  http::Request crc;
  AddBodyChecksum(crc, ComputeBodyChecksum(ChecksumAlgorithm::kCrc32c, "123456789", ""));
  CHECK(Header(crc, "x-amz-checksum-crc32c") == "4waSgw==");
  CHECK(Header(crc, "x-amz-sdk-checksum-algorithm") == "CRC32C");
  http::Request sha;
  AddBodyChecksum(sha, ComputeBodyChecksum(ChecksumAlgorithm::kSha256, "abc", ""));
  CHECK(Header(sha, "x-amz-checksum-sha256") == Base64Encode(Sha256("abc")));
  http::Request none;
  AddBodyChecksum(none, ComputeBodyChecksum(ChecksumAlgorithm::kNone, "abc", Md5("abc")));
  CHECK(none.headers.empty());
  http::Request create;
  AddChecksumAlgorithm(create, ChecksumAlgorithm::kMd5);
  CHECK(create.headers.empty());
  AddChecksumAlgorithm(create, ChecksumAlgorithm::kCrc32c);
  CHECK(Header(create, "x-amz-checksum-algorithm") == "CRC32C");
  CHECK(ParseChecksumAlgorithm("crc32c") == ChecksumAlgorithm::kCrc32c);
  CHECK_FALSE(ParseChecksumAlgorithm("CRC32"));
}

TEST_CASE("RequestBuilder lists each part's checksum in the multipart completion") {
  const auto request = PathStyleBuilder().CompleteMultipartUpload(
      "big.pdf", "UP1",
      {{.number = 1,
        .etag = "e1",
        .checksum = {.algorithm = ChecksumAlgorithm::kCrc32c, .value_base64 = "AAAAAA=="}},
       {.number = 2,
        .etag = "e2",
        .checksum = {.algorithm = ChecksumAlgorithm::kMd5, .value_base64 = "ignored"}}});
  CHECK(*request.body ==
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"e1\"</ETag>"
        "<ChecksumCRC32C>AAAAAA==</ChecksumCRC32C></Part><Part><PartNumber>2</PartNumber>"
        "<ETag>\"e2\"</ETag></Part></CompleteMultipartUpload>");
}

}  // namespace
}  // namespace s3mirror::s3
