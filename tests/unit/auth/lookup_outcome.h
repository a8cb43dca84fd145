// The outcome of a CredentialSource's Lookup(), for tests: each function REQUIREs the kind of
// outcome it is named after, so a test checks only what it expects of that outcome.
#pragma once

#include <catch2/catch.hpp>

#include "auth/credentials.h"

namespace s3mirror::auth::testing {

// Whether Lookup() found nothing (the source is not set up); REQUIREs that it did not fail.
inline bool IsNotSetUp(CredentialSource& source) {
  const Result<std::optional<Credentials>> found = source.Lookup();
  REQUIRE(found);
  return !found->has_value();
}

// The error Lookup() failed with; REQUIREs that it failed.
inline Error LookupError(CredentialSource& source) {
  const Result<std::optional<Credentials>> found = source.Lookup();
  REQUIRE_FALSE(found);
  return found.error();
}

}  // namespace s3mirror::auth::testing
