#include "auth/sigv4_canonical.h"

#include <chrono>

#include <catch2/catch.hpp>

#include "util/crypto.h"

using namespace s3mirror;
using namespace s3mirror::auth;

TEST_CASE("CanonicalUri keeps double slashes and dot and dot-dot segments") {
  CHECK(CanonicalUri("/a//b/./c/../d") == "/a//b/./c/../d");
  CHECK(CanonicalUri("//") == "//");
}

TEST_CASE(
    "CanonicalUri encodes once so encoded input is unchanged and raw characters are encoded") {
  CHECK(CanonicalUri("/test%24file.text") == "/test%24file.text");
  CHECK(CanonicalUri("/test$file.text") == "/test%24file.text");
  CHECK(CanonicalUri("/a%20b%2Bc") == "/a%20b%2Bc");
  CHECK(CanonicalUri("/a b+c") == "/a%20b%2Bc");
  CHECK(CanonicalUri("/100%25") == "/100%25");
  CHECK(CanonicalUri("/caf\xC3\xA9") == "/caf%C3%A9");
  CHECK(CanonicalUri("/x~y_z-.") == "/x~y_z-.");
}

TEST_CASE("CanonicalUri of an empty path is a slash") { CHECK(CanonicalUri("") == "/"); }

TEST_CASE("CanonicalQuery gives value-less parameters an equals sign") {
  CHECK(CanonicalQuery("uploads") == "uploads=");
  CHECK(CanonicalQuery("delete") == "delete=");
  CHECK(CanonicalQuery("uploadId=abc&partNumber=3") == "partNumber=3&uploadId=abc");
}

TEST_CASE("CanonicalQuery sorts by encoded name then by value") {
  CHECK(CanonicalQuery("prefix=J&max-keys=2") == "max-keys=2&prefix=J");
  CHECK(CanonicalQuery("b=2&a=2&a=1") == "a=1&a=2&b=2");
  // Upper-case sorts before lower-case, byte order.
  CHECK(CanonicalQuery("a=1&B=1") == "B=1&a=1");
}

TEST_CASE("CanonicalQuery encodes what the caller left raw and keeps what it encoded") {
  CHECK(CanonicalQuery("prefix=a/b c") == "prefix=a%2Fb%20c");
  CHECK(CanonicalQuery("prefix=a%2Fb%20c") == "prefix=a%2Fb%20c");
  CHECK(CanonicalQuery("k=a+b") == "k=a%2Bb");
  CHECK(CanonicalQuery("token=x%3d%3d") == "token=x%3D%3D");
}

TEST_CASE("CanonicalQuery of an empty query is empty and stray ampersands are ignored") {
  CHECK(CanonicalQuery("").empty());
  CHECK(CanonicalQuery("&a=1&&") == "a=1");
}

TEST_CASE("CanonicalizeHeaders lower-cases names and trims and collapses values and sorts") {
  const CanonicalHeaders headers = CanonicalizeHeaders({{"X-Amz-Date", "20130524T000000Z"},
                                                        {"Host", "  example.com "},
                                                        {"X-Amz-Meta-A", " a   b \t c "},
                                                        {"content-type", "text/plain"}});
  CHECK(headers.block ==
        "content-type:text/plain\nhost:example.com\nx-amz-date:20130524T000000Z\n"
        "x-amz-meta-a:a b c\n");
  CHECK(headers.signed_headers == "content-type;host;x-amz-date;x-amz-meta-a");
}

TEST_CASE("CanonicalizeHeaders joins repeated headers with commas in request order") {
  const CanonicalHeaders headers =
      CanonicalizeHeaders({{"X-Amz-Meta-Tag", "b"}, {"host", "h"}, {"x-amz-meta-tag", "a"}});
  CHECK(headers.block == "host:h\nx-amz-meta-tag:b,a\n");
  CHECK(headers.signed_headers == "host;x-amz-meta-tag");
}

TEST_CASE("AmzTimestamp formats UTC as yyyymmddThhmmssZ") {
  const auto time = std::chrono::system_clock::from_time_t(1369353600);  // 2013-05-24 00:00:00
  CHECK(AmzTimestamp(time) == "20130524T000000Z");
  CHECK(AmzTimestamp(time + std::chrono::seconds(86399)) == "20130524T235959Z");
}

TEST_CASE("CredentialScope names date and region and service and aws4_request") {
  const CredentialScope scope{.date = "20130524", .region = "us-east-1", .service = "s3"};
  CHECK(scope.ToString() == "20130524/us-east-1/s3/aws4_request");
}

TEST_CASE("StringToSign hashes the canonical request") {
  const CredentialScope scope{.date = "20130524", .region = "us-east-1", .service = "s3"};
  CHECK(StringToSign({.timestamp = "20130524T000000Z", .scope = scope, .canonical_request = ""}) ==
        "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("SigningKey follows the HMAC chain of the AWS documentation example") {
  // The key derivation example of the SigV4 documentation (secret, 20120215, us-east-1, iam).
  const CredentialScope scope{.date = "20120215", .region = "us-east-1", .service = "iam"};
  CHECK(HexEncode(SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", scope)) ==
        "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST_CASE("AuthorizationHeader puts credential and signed headers and signature together") {
  const CredentialScope scope{.date = "20130524", .region = "us-east-1", .service = "s3"};
  CHECK(AuthorizationHeader({.access_key_id = "AKID",
                             .scope = scope,
                             .signed_headers = "host;x-amz-date",
                             .signature = "abc"}) ==
        "AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=abc");
}
