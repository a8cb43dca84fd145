#include "config/environment.h"

#include <cstdlib>

#include <catch2/catch.hpp>

using namespace s3mirror::config;

TEST_CASE("MapEnvironment returns set values and treats empty ones as unset") {
  const MapEnvironment environment({{"AWS_REGION", "eu-west-1"}, {"AWS_PROFILE", ""}});
  CHECK(environment.Get("AWS_REGION") == std::optional<std::string>("eu-west-1"));
  CHECK_FALSE(environment.Get("AWS_PROFILE"));
  CHECK_FALSE(environment.Get("HOME"));
}

TEST_CASE("SystemEnvironment reads the process environment") {
  ::setenv("S3MIRROR_TEST_VARIABLE", "value", 1);
  ::setenv("S3MIRROR_TEST_EMPTY", "", 1);
  const SystemEnvironment environment;
  CHECK(environment.Get("S3MIRROR_TEST_VARIABLE") == std::optional<std::string>("value"));
  CHECK_FALSE(environment.Get("S3MIRROR_TEST_EMPTY"));
  CHECK_FALSE(environment.Get("S3MIRROR_TEST_UNSET_VARIABLE"));
  ::unsetenv("S3MIRROR_TEST_VARIABLE");
  ::unsetenv("S3MIRROR_TEST_EMPTY");
}
