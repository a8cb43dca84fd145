// SigV4 golden cases, stage by stage: tests/testdata/sigv4/<case>/ holds the request and signing
// inputs and the expected canonical request, string to sign and Authorization header. The aws-*
// cases are AWS's published S3 examples; the others were produced by botocore (see
// generate_with_botocore.py and each case's SOURCE.md).
#include <chrono>
#include <ctime>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "auth/sigv4.h"
#include "auth/sigv4_canonical.h"
#include "util/file.h"
#include "util/ini.h"

using namespace s3mirror;
using namespace s3mirror::auth;

namespace {

struct GoldenCase {
  http::Request request;
  Credentials credentials;
  SigningParams params;
};

std::string CaseFile(const std::string& name, const std::string& file) {
  const std::string path = std::string(S3MIRROR_TESTDATA_DIR) + "/sigv4/" + name + "/" + file;
  Result<std::string> text = ReadFile(path);
  INFO(path);
  REQUIRE(text);
  return *text;
}

// Expected-stage files end with one newline that is not part of the stage.
std::string Expected(const std::string& name, const std::string& file) {
  std::string text = CaseFile(name, file);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::chrono::system_clock::time_point ParseAmzTime(const std::string& text) {
  std::tm utc{};
  REQUIRE(strptime(text.c_str(), "%Y%m%dT%H%M%SZ", &utc) != nullptr);
  return std::chrono::system_clock::from_time_t(timegm(&utc));
}

// request.txt: "METHOD TARGET", header lines, a blank line, the body.
http::Request ParseRequest(const std::string& text, const std::string& host) {
  http::Request request;
  const size_t head_end = text.find("\n\n");
  REQUIRE(head_end != std::string::npos);
  request.body = std::make_shared<const std::string>(text.substr(head_end + 2));
  std::string_view head(text.data(), head_end);
  const size_t first_end = std::min(head.find('\n'), head.size());
  const std::string_view first = head.substr(0, first_end);
  request.method = std::string(first.substr(0, first.find(' ')));
  const std::string_view target = first.substr(first.find(' ') + 1);
  const size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  head.remove_prefix(std::min(first_end + 1, head.size()));
  while (!head.empty()) {
    const size_t end = std::min(head.find('\n'), head.size());
    const std::string_view line = head.substr(0, end);
    const size_t colon = line.find(':');
    std::string_view value = line.substr(colon + 1);
    while (value.starts_with(' ')) value.remove_prefix(1);
    request.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
    head.remove_prefix(std::min(end + 1, head.size()));
  }
  request.scheme = "https";
  request.host = host;
  return request;
}

GoldenCase LoadCase(const std::string& name) {
  const Result<IniFile> params_file = ParseIni(CaseFile(name, "params.txt"), name + "/params.txt");
  REQUIRE(params_file);
  const IniSection* params = params_file->FindSection("");
  REQUIRE(params != nullptr);
  const auto get = [&](std::string_view key) {
    const std::string* value = params->Find(key);
    return value == nullptr ? std::string() : *value;
  };
  GoldenCase golden;
  golden.request = ParseRequest(CaseFile(name, "request.txt"), get("host"));
  golden.credentials.access_key_id = get("access_key_id");
  golden.credentials.secret_access_key = get("secret_access_key");
  golden.credentials.session_token = get("session_token");
  golden.params.region = get("region");
  golden.params.service = get("service");
  golden.params.time = ParseAmzTime(get("time"));
  REQUIRE((get("payload") == "signed" || get("payload") == "unsigned"));
  if (get("payload") == "unsigned") golden.params.payload_hash = kUnsignedPayload;
  return golden;
}

void CheckCase(const std::string& name) {
  INFO("case " << name);
  GoldenCase golden = LoadCase(name);
  http::Request signed_request = golden.request;
  SignRequest(signed_request, golden.credentials, golden.params);

  // Stage 4 first: the whole result.
  const std::string* authorization = http::FindHeader(signed_request.headers, "authorization");
  REQUIRE(authorization != nullptr);
  CHECK(*authorization == Expected(name, "authz.txt"));

  // Stages 1-3 over the request as it was signed (without its Authorization header).
  http::Request before_authorization = signed_request;
  std::erase_if(before_authorization.headers,
                [](const http::Header& header) { return header.name == "Authorization"; });
  const std::string* payload_hash =
      http::FindHeader(before_authorization.headers, "x-amz-content-sha256");
  REQUIRE(payload_hash != nullptr);
  const std::string canonical_request = CanonicalRequest(before_authorization, *payload_hash);
  CHECK(canonical_request == Expected(name, "creq.txt"));

  const std::string timestamp = AmzTimestamp(golden.params.time);
  const CredentialScope scope{.date = timestamp.substr(0, 8),
                              .region = golden.params.region,
                              .service = golden.params.service};
  const std::string string_to_sign = StringToSign(
      {.timestamp = timestamp, .scope = scope, .canonical_request = canonical_request});
  CHECK(string_to_sign == Expected(name, "sts.txt"));

  const std::string signature =
      Signature(SigningKey(golden.credentials.secret_access_key, scope), string_to_sign);
  CHECK(Expected(name, "authz.txt").ends_with("Signature=" + signature));
}

}  // namespace

TEST_CASE("SignRequest matches AWS's published GET Object example") { CheckCase("aws-get-object"); }

TEST_CASE("SignRequest matches AWS's published PUT Object example") { CheckCase("aws-put-object"); }

TEST_CASE("SignRequest matches AWS's published GET Bucket lifecycle example") {
  CheckCase("aws-get-bucket-lifecycle");
}

TEST_CASE("SignRequest matches AWS's published list objects example") {
  CheckCase("aws-list-objects");
}

TEST_CASE("SignRequest signs keys with space and plus like botocore") {
  CheckCase("key-space-plus");
}

TEST_CASE("SignRequest signs keys with percent equals tilde star ampersand and apostrophe") {
  CheckCase("key-reserved-chars");
}

TEST_CASE("SignRequest signs double slashes and dot and dot-dot segments without normalising") {
  CheckCase("key-dot-segments");
}

TEST_CASE("SignRequest signs UTF-8 keys encoded once") { CheckCase("key-unicode"); }

TEST_CASE("SignRequest signs the value-less uploads parameter as uploads=") {
  CheckCase("query-uploads");
}

TEST_CASE("SignRequest signs the value-less delete parameter with a body and Content-MD5") {
  CheckCase("query-delete");
}

TEST_CASE("SignRequest sorts and keeps the encoding of list parameters") {
  CheckCase("query-list-v2");
}

TEST_CASE("SignRequest adds and signs the session token of temporary credentials") {
  CheckCase("session-token");
}

TEST_CASE("SignRequest signs UNSIGNED-PAYLOAD when asked") { CheckCase("unsigned-payload"); }

TEST_CASE("SignRequest adds the host header with its port when the request has none") {
  CheckCase("host-added-path-style");
}

TEST_CASE("SignRequest trims and collapses spaces in header values") {
  CheckCase("header-whitespace");
}
