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

// A RefreshingCredentials over a CountingSource whose credentials last `lifetime`, on a FakeClock;
// with the decorator's default margin unless one is given.
struct Refreshing {
  explicit Refreshing(std::chrono::seconds lifetime,
                      std::optional<std::chrono::seconds> margin = std::nullopt) {
    auto inner = std::make_unique<CountingSource>(clock, lifetime);
    counting = inner.get();
    if (margin) {
      source.emplace(std::move(inner), clock, *margin);
    } else {
      source.emplace(std::move(inner), clock);
    }
  }
  // The access key id the decorator hands out now.
  std::string Key() {
    Result<std::optional<Credentials>> found = source->Lookup();
    REQUIRE(found);
    REQUIRE(found->has_value());
    return (*found)->access_key_id;
  }

  s3mirror::testing::FakeClock clock;
  CountingSource* counting = nullptr;  // owned by `source`
  std::optional<RefreshingCredentials> source;
};

}  // namespace

TEST_CASE("RefreshingCredentials keeps credentials until the margin before expiry") {
  Refreshing refreshing(10s, 3s);
  CHECK(refreshing.Key() == "key-1");
  refreshing.clock.Advance(6s);
  CHECK(refreshing.Key() == "key-1");
  CHECK(refreshing.counting->calls == 1);
  refreshing.clock.Advance(1s);  // 3 s left: refresh
  CHECK(refreshing.Key() == "key-2");
  CHECK(refreshing.counting->calls == 2);
  refreshing.clock.Advance(6s);
  CHECK(refreshing.Key() == "key-2");
  refreshing.clock.Advance(2s);
  CHECK(refreshing.Key() == "key-3");
}

TEST_CASE("RefreshingCredentials uses the default five minute margin") {
  Refreshing refreshing(3600s);
  CHECK(refreshing.Key() == "key-1");
  refreshing.clock.Advance(std::chrono::minutes(54));
  CHECK(refreshing.Key() == "key-1");
  refreshing.clock.Advance(std::chrono::minutes(1) + 1s);
  CHECK(refreshing.Key() == "key-2");
  CHECK(refreshing.counting->calls == 2);
}

TEST_CASE("RefreshingCredentials keeps long-term credentials for good") {
  Refreshing refreshing(0s, 3s);
  CHECK(refreshing.Key() == "key-1");
  refreshing.clock.Advance(std::chrono::hours(100));
  CHECK(refreshing.Key() == "key-1");
  CHECK(refreshing.counting->calls == 1);
}

TEST_CASE("RefreshingCredentials rides out a failed refresh until the credentials expire") {
  Refreshing refreshing(10s, 5s);
  CHECK(refreshing.Key() == "key-1");
  refreshing.counting->fail = true;
  refreshing.clock.Advance(6s);
  CHECK(refreshing.Key() == "key-1");
  CHECK(refreshing.counting->calls == 2);
  refreshing.clock.Advance(4s);  // expired now
  Result<std::optional<Credentials>> found = refreshing.source->Lookup();
  REQUIRE_FALSE(found);
  CHECK(found.error().kind == ErrorKind::kNetwork);
  refreshing.counting->fail = false;
  CHECK(refreshing.Key() == "key-4");
}

TEST_CASE("RefreshingCredentials asks again after ForceRefresh although the kept ones are fresh") {
  Refreshing refreshing(3600s, 300s);
  CHECK(refreshing.Key() == "key-1");
  refreshing.source->ForceRefresh();
  CHECK(refreshing.Key() == "key-2");
  CHECK(refreshing.counting->calls == 2);
}

TEST_CASE("RefreshingCredentials reports a failed forced refresh instead of the refused ones") {
  Refreshing refreshing(3600s, 300s);
  CHECK(refreshing.Key() == "key-1");
  refreshing.source->ForceRefresh();
  refreshing.counting->fail = true;
  Result<std::optional<Credentials>> found = refreshing.source->Lookup();
  REQUIRE_FALSE(found);
  CHECK(found.error().message == "endpoint down");
}
