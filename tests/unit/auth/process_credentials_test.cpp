#include "auth/process_credentials.h"

#include <catch2/catch.hpp>

#include "support/temp_dir.h"

using namespace s3mirror;
using namespace s3mirror::auth;
using s3mirror::testing::TempDir;

namespace {

const char* kGood =
    R"({"Version": 1, "AccessKeyId": "ASIAPROCESS", "SecretAccessKey": "process-secret",
        "SessionToken": "tok", "Expiration": "2026-11-25T18:00:00Z"})";

std::vector<std::string> Words(std::string_view command) {
  Result<std::vector<std::string>> words = SplitCommandLine(command);
  REQUIRE(words);
  return *words;
}

CredentialProcess Process(std::string command) {
  return CredentialProcess{.command = std::move(command),
                           .source = "credential_process of profile ci",
                           .timeout = std::chrono::milliseconds(5000)};
}

}  // namespace

TEST_CASE("SplitCommandLine splits like the AWS CLI's shlex on POSIX") {
  using V = std::vector<std::string>;
  CHECK(Words("/usr/bin/vault-creds  --role 'web mirror' \"a \\\"b\\\" c\"") ==
        V{"/usr/bin/vault-creds", "--role", "web mirror", "a \"b\" c"});
  CHECK(Words("a\\ b 'it''s' \"x\\ny\"") == V{"a b", "its", "x\\ny"});
  CHECK(Words("'' x") == V{"", "x"});
  CHECK_FALSE(SplitCommandLine("tool 'open"));
  CHECK_FALSE(SplitCommandLine("   "));
}

TEST_CASE("ParseProcessCredentials reads Version 1 documents") {
  Result<Credentials> credentials = ParseProcessCredentials(kGood, "p");
  REQUIRE(credentials);
  CHECK(credentials->access_key_id == "ASIAPROCESS");
  CHECK(credentials->session_token == "tok");
  CHECK(credentials->expiration.has_value());
  CHECK(credentials->source == "p");
}

TEST_CASE("ParseProcessCredentials refuses other documents without quoting them") {
  for (const char* bad : {R"({"Version": 2, "AccessKeyId": "a", "SecretAccessKey": "leak1"})",
                          R"({"Version": 1, "AccessKeyId": "a"})", "leak2 not json",
                          R"({"Version": 1, "AccessKeyId": "a", "SecretAccessKey": "leak3",
                              "Expiration": "soon"})"}) {
    Result<Credentials> credentials = ParseProcessCredentials(bad, "credential_process of ci");
    REQUIRE_FALSE(credentials);
    CHECK(credentials.error().kind == ErrorKind::kAuth);
    CHECK(credentials.error().message.rfind("credential_process of ci", 0) == 0);
    CHECK(credentials.error().message.find("leak") == std::string::npos);
  }
}

TEST_CASE("RunCredentialProcess runs the program without a shell and reads its stdout") {
  TempDir dir;
  dir.WriteFile("creds.json", kGood);
  Result<Credentials> credentials =
      RunCredentialProcess(Process("cat '" + dir.Join("creds.json") + "'"));
  REQUIRE(credentials);
  CHECK(credentials->secret_access_key == "process-secret");
  // No shell: $HOME and ';' inside double quotes reach echo as they are.
  Result<Credentials> literal = RunCredentialProcess(Process(
      R"(echo "{\"Version\": 1, \"AccessKeyId\": \"$HOME\", \"SecretAccessKey\": \"a;b\"}")"));
  REQUIRE(literal);
  CHECK(literal->access_key_id == "$HOME");
  CHECK(literal->secret_access_key == "a;b");
}

TEST_CASE("RunCredentialProcess names the profile when the program cannot run or fails") {
  Result<Credentials> missing = RunCredentialProcess(Process("/nonexistent/creds-tool --x"));
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == ErrorKind::kAuth);
  CHECK(missing.error().message.rfind("credential_process of profile ci: ", 0) == 0);
  CHECK(missing.error().message.find("/nonexistent/creds-tool") != std::string::npos);
  Result<Credentials> failing = RunCredentialProcess(Process("false"));
  REQUIRE_FALSE(failing);
  CHECK(failing.error().message ==
        "credential_process of profile ci: \"false\" exited with status 1");
}

TEST_CASE("RunCredentialProcess kills a program that runs past the timeout") {
  CredentialProcess process = Process("sleep 30");
  process.timeout = std::chrono::milliseconds(200);
  const auto started = std::chrono::steady_clock::now();
  Result<Credentials> credentials = RunCredentialProcess(process);
  REQUIRE_FALSE(credentials);
  CHECK(credentials.error().message.find("did not finish within 200 ms and was killed") !=
        std::string::npos);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}

TEST_CASE("RunCredentialProcess kills a program that prints more than 1 MiB") {
  Result<Credentials> credentials = RunCredentialProcess(Process("head -c 2000000 /dev/zero"));
  REQUIRE_FALSE(credentials);
  CHECK(credentials.error().message.find("printed more than 1 MiB and was killed") !=
        std::string::npos);
}

TEST_CASE("RunCredentialProcess names the signal that killed the program") {
  Result<Credentials> credentials = RunCredentialProcess(Process("sh -c 'kill -TERM $$'"));
  REQUIRE_FALSE(credentials);
  CHECK(credentials.error().message ==
        "credential_process of profile ci: \"sh\" was killed by signal 15");
}
