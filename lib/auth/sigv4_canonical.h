// The stages of AWS Signature Version 4 for S3, as pure functions over plain inputs, so that each
// stage has its own golden test (tests/testdata/sigv4/<case>/):
//   canonical request = method \n CanonicalUri \n CanonicalQuery \n CanonicalHeaders \n
//                       SignedHeaders \n payload hash
//   string to sign    = "AWS4-HMAC-SHA256" \n timestamp \n scope \n hex(sha256(canonical request))
//   signing key       = HMAC chain over "AWS4"+secret, date, region, service, "aws4_request"
//   signature         = hex(HMAC(signing key, string to sign))
//   Authorization     = "AWS4-HMAC-SHA256 Credential=<key id>/<scope>, SignedHeaders=<names>,
//                        Signature=<signature>"
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"

namespace s3mirror::auth {

inline constexpr const char* kSigV4Algorithm = "AWS4-HMAC-SHA256";

// The path as S3 signs it: each segment URI-encoded exactly once and NOT normalised ("//", "." and
// ".." stay). `path` may be encoded already (it is decoded first, so "%24" and "$" both sign as
// "%24"); an empty path is "/".
std::string CanonicalUri(std::string_view path);

// The query as SigV4 signs it: parameters split on '&', each name and value re-encoded the SigV4
// way (decoded first, so already-encoded input is unchanged), sorted by encoded name then value,
// and joined as "name=value" — a value-less parameter ("uploads") becomes "uploads=".
std::string CanonicalQuery(std::string_view query);

struct CanonicalHeaders {
  std::string block;           // "name:value\n" per header, sorted by name
  std::string signed_headers;  // "host;range;x-amz-date"
};
// Lower-cased names, values trimmed with inner runs of spaces collapsed to one, sorted by name;
// repeated headers are joined with ',' in request order. Every header given is signed.
CanonicalHeaders CanonicalizeHeaders(const std::vector<http::Header>& headers);

// The whole canonical request for a request whose headers are final (including x-amz-date,
// x-amz-content-sha256 and host).
std::string CanonicalRequest(const http::Request& request, std::string_view payload_hash);

struct CredentialScope {
  std::string date;  // yyyymmdd, UTC
  std::string region;
  std::string service;

  std::string ToString() const;  // "20130524/us-east-1/s3/aws4_request"
};

// "20130524T000000Z" (UTC).
std::string AmzTimestamp(std::chrono::system_clock::time_point time);

struct StringToSignInput {
  std::string_view timestamp;  // AmzTimestamp()
  const CredentialScope& scope;
  std::string_view canonical_request;
};
std::string StringToSign(const StringToSignInput& input);

// Binary HMAC-SHA256 key for the scope.
std::string SigningKey(std::string_view secret_access_key, const CredentialScope& scope);

// Lower-case hex.
std::string Signature(std::string_view signing_key, std::string_view string_to_sign);

struct AuthorizationInput {
  std::string_view access_key_id;
  const CredentialScope& scope;
  std::string_view signed_headers;
  std::string_view signature;
};
std::string AuthorizationHeader(const AuthorizationInput& input);

}  // namespace s3mirror::auth
