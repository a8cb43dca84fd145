#include "s3/endpoint.h"

#include <catch2/catch.hpp>

namespace s3mirror::s3 {
namespace {

TEST_CASE("ParseEndpoint gives AWS for the region when no URL is set") {
  auto endpoint = ParseEndpoint("", "eu-central-1", Addressing::kAuto);
  REQUIRE(endpoint);
  CHECK(endpoint->scheme == "https");
  CHECK(endpoint->host == "s3.eu-central-1.amazonaws.com");
  CHECK(endpoint->region == "eu-central-1");
  CHECK(endpoint->is_aws);
}

TEST_CASE("ParseEndpoint accepts http and https URLs with port and trailing slash") {
  auto local = ParseEndpoint("http://127.0.0.1:9000/", "us-east-1", Addressing::kAuto);
  REQUIRE(local);
  CHECK(local->scheme == "http");
  CHECK(local->host == "127.0.0.1:9000");
  CHECK_FALSE(local->is_aws);
  auto google = ParseEndpoint("https://storage.googleapis.com", "auto", Addressing::kPath);
  REQUIRE(google);
  CHECK(google->host == "storage.googleapis.com");
  CHECK(google->addressing == Addressing::kPath);
  CHECK_FALSE(google->is_aws);
}

TEST_CASE("ParseEndpoint marks explicit amazonaws.com hosts as AWS") {
  auto endpoint =
      ParseEndpoint("https://s3.eu-west-1.amazonaws.com", "eu-west-1", Addressing::kAuto);
  REQUIRE(endpoint);
  CHECK(endpoint->is_aws);
  auto lookalike = ParseEndpoint("https://notamazonaws.com", "eu-west-1", Addressing::kAuto);
  REQUIRE(lookalike);
  CHECK_FALSE(lookalike->is_aws);
}

TEST_CASE("ParseEndpoint rejects other schemes, paths and empty hosts with kUsage") {
  for (const char* url : {"ftp://example.com", "127.0.0.1:9000", "http://example.com/bucket",
                          "https://", "http://:9000", "http://host/?x=1"}) {
    INFO(url);
    auto endpoint = ParseEndpoint(url, "us-east-1", Addressing::kAuto);
    REQUIRE_FALSE(endpoint);
    CHECK(endpoint.error().kind == ErrorKind::kUsage);
    CHECK(endpoint.error().message.find("--endpoint-url") != std::string::npos);
  }
}

TEST_CASE("AddressBucket uses virtual hosting on AWS and path style elsewhere") {
  auto aws = ParseEndpoint("", "eu-central-1", Addressing::kAuto);
  REQUIRE(aws);
  const BucketAddress virtual_hosted = AddressBucket(*aws, "site-mirror");
  CHECK(virtual_hosted.host == "site-mirror.s3.eu-central-1.amazonaws.com");
  CHECK(virtual_hosted.path_prefix.empty());
  CHECK(virtual_hosted.scheme == "https");

  auto local = ParseEndpoint("http://127.0.0.1:9000", "us-east-1", Addressing::kAuto);
  REQUIRE(local);
  const BucketAddress path_style = AddressBucket(*local, "site-mirror");
  CHECK(path_style.host == "127.0.0.1:9000");
  CHECK(path_style.path_prefix == "/site-mirror");
}

TEST_CASE("AddressBucket follows an explicit addressing style") {
  auto aws_path = ParseEndpoint("", "us-east-1", Addressing::kPath);
  REQUIRE(aws_path);
  CHECK(AddressBucket(*aws_path, "b1b").path_prefix == "/b1b");
  auto other_virtual = ParseEndpoint("http://minio.local:9000", "us-east-1", Addressing::kVirtual);
  REQUIRE(other_virtual);
  CHECK(AddressBucket(*other_virtual, "b1b").host == "b1b.minio.local:9000");
}

TEST_CASE("AddressBucket uses path style for dotted buckets over https only") {
  auto aws = ParseEndpoint("", "us-east-1", Addressing::kVirtual);
  REQUIRE(aws);
  CHECK(AddressBucket(*aws, "www.example.gov").path_prefix == "/www.example.gov");
  auto plain = ParseEndpoint("http://s3.local", "us-east-1", Addressing::kVirtual);
  REQUIRE(plain);
  CHECK(AddressBucket(*plain, "www.example.gov").host == "www.example.gov.s3.local");
}

TEST_CASE("ParseS3Url splits bucket and prefix") {
  auto url = ParseS3Url("s3://site-mirror/www/en/");
  REQUIRE(url);
  CHECK(url->bucket == "site-mirror");
  CHECK(url->key == "www/en/");
  auto bare = ParseS3Url("s3://site-mirror");
  REQUIRE(bare);
  CHECK(bare->key.empty());
  auto root = ParseS3Url("s3://site-mirror/");
  REQUIRE(root);
  CHECK(root->key.empty());
}

TEST_CASE("ParseS3Url rejects non-S3 URLs and invalid bucket names") {
  auto not_s3 = ParseS3Url("s3:/x");
  REQUIRE_FALSE(not_s3);
  CHECK(not_s3.error().kind == ErrorKind::kUsage);
  CHECK(not_s3.error().message == "\"s3:/x\" is not an S3 URL (use s3://BUCKET/PREFIX)");
  CHECK_FALSE(ParseS3Url("s3:///prefix"));
  for (const char* url :
       {"s3://ab", "s3://Upper", "s3://under_score", "s3://-dash", "s3://a..b", "s3://dot.",
        "s3://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
    INFO(url);
    auto parsed = ParseS3Url(url);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().kind == ErrorKind::kUsage);
  }
  CHECK(ParseS3Url("s3://a.b-c1/x"));
}

}  // namespace
}  // namespace s3mirror::s3
