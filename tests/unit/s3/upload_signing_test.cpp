// Uploads as the executor builds them (RequestBuilder + AddBodyChecksum for each --checksum),
// signed with and without --unsigned-payload: the body checksum header the builders add is one the
// signer recognises, and it is among the signed headers.
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "auth/request_signer.h"
#include "auth/sigv4.h"
#include "s3/body_checksum.h"
#include "s3/request_builder.h"
#include "support/static_credentials.h"
#include "util/crypto.h"

namespace s3mirror::s3 {
namespace {

class FixedClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::from_time_t(1369353600);
  }
  std::chrono::steady_clock::time_point Steady() const override { return {}; }
};

struct Signed {
  std::string payload_hash;
  std::string signed_headers;
};

// The PutObject and the UploadPart of `body` under `algorithm`, signed over `url`.
std::vector<Signed> SignUploads(const char* url, ChecksumAlgorithm algorithm,
                                auth::PayloadSigning payload) {
  const auto endpoint = ParseEndpoint(url, "us-east-1", Addressing::kPath);
  REQUIRE(endpoint);
  const RequestBuilder builder(*endpoint, "site");
  const auto body = std::make_shared<const std::string>(30720, 'x');
  const BodyChecksum checksum = ComputeBodyChecksum(algorithm, *body, Md5(*body));
  http::Request put = builder.PutObject("a.html", body, "", ObjectSettings{});
  http::Request part = builder.UploadPart("big.pdf", "upload-1", 2, body, "");
  s3mirror::testing::StaticCredentials credentials;
  FixedClock clock;
  auth::RequestSigner signer(credentials, "us-east-1", clock, payload);
  std::vector<Signed> out;
  for (http::Request* request : {&put, &part}) {
    AddBodyChecksum(*request, checksum);
    REQUIRE(signer.Sign(*request));
    const std::string authorization = *http::FindHeader(request->headers, "authorization");
    const size_t start = authorization.find("SignedHeaders=") + 14;
    out.push_back({*http::FindHeader(request->headers, "x-amz-content-sha256"),
                   authorization.substr(start, authorization.find(',', start) - start)});
  }
  return out;
}

}  // namespace

TEST_CASE(
    "Uploads with a body checksum are signed UNSIGNED-PAYLOAD over http with "
    "--unsigned-payload, their checksum header signed") {
  const std::pair<ChecksumAlgorithm, const char*> cases[] = {
      {ChecksumAlgorithm::kMd5, "content-md5;host;x-amz-content-sha256;x-amz-date"},
      {ChecksumAlgorithm::kCrc32c,
       "host;x-amz-checksum-crc32c;x-amz-content-sha256;x-amz-date;x-amz-sdk-checksum-algorithm"},
      {ChecksumAlgorithm::kSha256,
       "host;x-amz-checksum-sha256;x-amz-content-sha256;x-amz-date;x-amz-sdk-checksum-algorithm"}};
  for (const auto& [algorithm, signed_headers] : cases) {
    for (const Signed& upload : SignUploads("http://127.0.0.1:9000", algorithm,
                                            auth::PayloadSigning::kUnsignedWithChecksum)) {
      CHECK(upload.payload_hash == auth::kUnsignedPayload);
      CHECK(upload.signed_headers == signed_headers);
    }
  }
}

TEST_CASE("Uploads over http are signed with the body's SHA-256 without --unsigned-payload") {
  const std::string body_sha256 = HexEncode(Sha256(std::string(30720, 'x')));
  for (ChecksumAlgorithm algorithm : {ChecksumAlgorithm::kMd5, ChecksumAlgorithm::kCrc32c,
                                      ChecksumAlgorithm::kSha256, ChecksumAlgorithm::kNone}) {
    for (const Signed& upload :
         SignUploads("http://127.0.0.1:9000", algorithm, auth::PayloadSigning::kSignedOverHttp)) {
      CHECK(upload.payload_hash == body_sha256);
    }
  }
}

TEST_CASE("Uploads with --checksum none stay hashed over http even with --unsigned-payload") {
  const std::string body_sha256 = HexEncode(Sha256(std::string(30720, 'x')));
  for (const Signed& upload : SignUploads("http://127.0.0.1:9000", ChecksumAlgorithm::kNone,
                                          auth::PayloadSigning::kUnsignedWithChecksum)) {
    CHECK(upload.payload_hash == body_sha256);
    CHECK(upload.signed_headers == "host;x-amz-content-sha256;x-amz-date");
  }
}

TEST_CASE("Uploads over https are UNSIGNED-PAYLOAD with or without --unsigned-payload") {
  for (auto payload :
       {auth::PayloadSigning::kSignedOverHttp, auth::PayloadSigning::kUnsignedWithChecksum}) {
    for (const Signed& upload :
         SignUploads("https://storage.example.com", ChecksumAlgorithm::kMd5, payload)) {
      CHECK(upload.payload_hash == auth::kUnsignedPayload);
      CHECK(upload.signed_headers == "content-md5;host;x-amz-content-sha256;x-amz-date");
    }
  }
}

}  // namespace s3mirror::s3
