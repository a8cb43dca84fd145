#include "auth/refreshing_credentials.h"

#include <catch2/catch.hpp>

#include "support/fake_clock.h"

using namespace s3mirror;
using namespace s3mirror::auth;
using namespace std::chrono_literals;

namespace {

// Hands out credentials expiring `lifetime` after the clock's now, numbered by call; can fail.
class CountingSource final : public CredentialSource {
 public:
  CountingSource(const Clock& clock, std::chrono::seconds lifetime)
      : clock_(clock), lifetime_(lifetime) {}

  Result<std::optional<Credentials>> Lookup() override {
    ++calls;
    if (fail) return Fail(ErrorKind::kNetwork, "endpoint down");
    Credentials credentials;
    credentials.access_key_id = "key-" + std::to_string(calls);
    credentials.secret_access_key = "secret";
    if (lifetime_.count() > 0) credentials.expiration = clock_.Now() + lifetime_;
    credentials.source = "counting";
    return std::optional<Credentials>(credentials);
  }
  std::string Name() const override { return "counting"; }

  int calls = 0;
  bool fail = false;

 private:
  const Clock& clock_;
  std::chrono::seconds lifetime_;
};

std::string KeyOf(RefreshingCredentials& source) {
  Result<std::optional<Credentials>> found = source.Lookup();
  REQUIRE(found);
  REQUIRE(found->has_value());
  return (*found)->access_key_id;
}

}  // namespace

TEST_CASE("RefreshingCredentials keeps credentials until the margin before expiry") {
  s3mirror::testing::FakeClock clock;
  auto inner = std::make_unique<CountingSource>(clock, 10s);
  CountingSource* counting = inner.get();
  RefreshingCredentials source(std::move(inner), clock, 3s);
  CHECK(KeyOf(source) == "key-1");
  clock.Advance(6s);
  CHECK(KeyOf(source) == "key-1");
  CHECK(counting->calls == 1);
  clock.Advance(1s);  // 3 s left: refresh
  CHECK(KeyOf(source) == "key-2");
  CHECK(counting->calls == 2);
  clock.Advance(6s);
  CHECK(KeyOf(source) == "key-2");
  clock.Advance(2s);
  CHECK(KeyOf(source) == "key-3");
}

TEST_CASE("RefreshingCredentials uses the default five minute margin") {
  s3mirror::testing::FakeClock clock;
  auto inner = std::make_unique<CountingSource>(clock, 3600s);
  CountingSource* counting = inner.get();
  RefreshingCredentials source(std::move(inner), clock);
  CHECK(KeyOf(source) == "key-1");
  clock.Advance(std::chrono::minutes(54));
  CHECK(KeyOf(source) == "key-1");
  clock.Advance(std::chrono::minutes(1) + 1s);
  CHECK(KeyOf(source) == "key-2");
  CHECK(counting->calls == 2);
}

TEST_CASE("RefreshingCredentials keeps long-term credentials for good") {
  s3mirror::testing::FakeClock clock;
  auto inner = std::make_unique<CountingSource>(clock, 0s);
  CountingSource* counting = inner.get();
  RefreshingCredentials source(std::move(inner), clock, 3s);
  CHECK(KeyOf(source) == "key-1");
  clock.Advance(std::chrono::hours(100));
  CHECK(KeyOf(source) == "key-1");
  CHECK(counting->calls == 1);
}

TEST_CASE("RefreshingCredentials rides out a failed refresh until the credentials expire") {
  s3mirror::testing::FakeClock clock;
  auto inner = std::make_unique<CountingSource>(clock, 10s);
  CountingSource* counting = inner.get();
  RefreshingCredentials source(std::move(inner), clock, 5s);
  CHECK(KeyOf(source) == "key-1");
  counting->fail = true;
  clock.Advance(6s);
  CHECK(KeyOf(source) == "key-1");
  CHECK(counting->calls == 2);
  clock.Advance(4s);  // expired now
  Result<std::optional<Credentials>> found = source.Lookup();
  REQUIRE_FALSE(found);
  CHECK(found.error().kind == ErrorKind::kNetwork);
  counting->fail = false;
  CHECK(KeyOf(source) == "key-4");
}

TEST_CASE("RefreshingCredentials asks again after ForceRefresh although the kept ones are fresh") {
  s3mirror::testing::FakeClock clock;
  auto inner = std::make_unique<CountingSource>(clock, 3600s);
  CountingSource* counting = inner.get();
  RefreshingCredentials source(std::move(inner), clock, 300s);
  CHECK(KeyOf(source) == "key-1");
  source.ForceRefresh();
  CHECK(KeyOf(source) == "key-2");
  CHECK(counting->calls == 2);
}

TEST_CASE("RefreshingCredentials reports a failed forced refresh instead of the refused ones") {
  s3mirror::testing::FakeClock clock;
  auto inner = std::make_unique<CountingSource>(clock, 3600s);
  CountingSource* counting = inner.get();
  RefreshingCredentials source(std::move(inner), clock, 300s);
  CHECK(KeyOf(source) == "key-1");
  source.ForceRefresh();
  counting->fail = true;
  Result<std::optional<Credentials>> found = source.Lookup();
  REQUIRE_FALSE(found);
  CHECK(found.error().message == "endpoint down");
}
