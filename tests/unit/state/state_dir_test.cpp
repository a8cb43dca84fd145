#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "state/state_dir.h"
#include "support/temp_dir.h"

using s3mirror::state::DestinationId;
using s3mirror::testing::TempDir;

TEST_CASE("DestinationId is the readable bucket and prefix plus a hash") {
  std::string id = DestinationId("my-bucket", "site/");
  CHECK(id.rfind("my-bucket_site_-", 0) == 0);
  CHECK(id.size() == std::string("my-bucket_site_-").size() + 8);
  CHECK(id == DestinationId("my-bucket", "site/"));
}

TEST_CASE("DestinationId tells apart prefixes that read the same") {
  // "a b/" and "a_b/" both read "a_b_"; the hash keeps them apart.
  CHECK(DestinationId("bucket", "a b/") != DestinationId("bucket", "a_b/"));
  CHECK(DestinationId("bucket", "") != DestinationId("bucket", "x/"));
  std::string id = DestinationId("bucket", "../../etc/passwd\n");
  CHECK(id.find('/') == std::string::npos);
  CHECK(id.find('\n') == std::string::npos);
}

TEST_CASE("EnsureStateDir creates a private directory with its parents") {
  TempDir temp;
  std::string dir = temp.Join("a/b/state");
  REQUIRE(s3mirror::state::EnsureStateDir(dir));
  struct stat st {};
  REQUIRE(::stat(dir.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  CHECK(s3mirror::state::EnsureStateDir(dir));  // existing is fine
}

TEST_CASE("EnsureStateDir refuses a path that is a file") {
  TempDir temp;
  temp.WriteFile("file", "x");
  auto status = s3mirror::state::EnsureStateDir(temp.Join("file"));
  REQUIRE_FALSE(status);
  CHECK(status.error().kind == s3mirror::ErrorKind::kConfig);
}

TEST_CASE("ListDestinationIds finds state files and histories once each") {
  TempDir temp;
  temp.WriteFile("one.state.json", "{}");
  temp.WriteFile("one.history.jsonl", "");
  temp.WriteFile("two.history.jsonl", "");
  temp.WriteFile("one.hashcache", "");
  auto ids = s3mirror::state::ListDestinationIds(temp.path());
  REQUIRE(ids);
  CHECK(*ids == std::vector<std::string>{"one", "two"});
  auto missing = s3mirror::state::ListDestinationIds(temp.Join("nope"));
  REQUIRE(missing);
  CHECK(missing->empty());
}
