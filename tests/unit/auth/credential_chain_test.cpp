#include "auth/credential_chain.h"

#include <catch2/catch.hpp>

#include "auth/env_credentials.h"

using namespace s3mirror;
using namespace s3mirror::auth;

namespace {

class ManualClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override { return now; }
  std::chrono::steady_clock::time_point Steady() const override { return {}; }
  std::chrono::system_clock::time_point now = std::chrono::system_clock::from_time_t(1'700'000'000);
};

// A source scripted by the test: not set up, set up, or broken; counts lookups.
class ScriptedSource final : public CredentialSource {
 public:
  enum class State { kNotSetUp, kFound, kBroken };
  ScriptedSource(std::string name, State state, int* lookups = nullptr)
      : name_(std::move(name)), state_(state), lookups_(lookups) {}

  Result<std::optional<Credentials>> Lookup() override {
    if (lookups_ != nullptr) ++*lookups_;
    switch (state_) {
      case State::kNotSetUp:
        return std::optional<Credentials>();
      case State::kBroken:
        return Fail(ErrorKind::kConfig, name_ + " is broken");
      case State::kFound:
        break;
    }
    Credentials credentials;
    credentials.access_key_id = name_ + "-id";
    credentials.secret_access_key = "secret";
    credentials.source = name_;
    credentials.expiration = expiration;
    return std::optional<Credentials>(credentials);
  }
  std::string Name() const override { return name_; }

  std::optional<std::chrono::system_clock::time_point> expiration;

 private:
  std::string name_;
  State state_;
  int* lookups_;
};

using State = ScriptedSource::State;

// A CredentialChain on `clock` over the sources given, in that order.
template <typename... Source>
CredentialChain ChainOf(const Clock& clock, std::unique_ptr<Source>... source) {
  std::vector<std::unique_ptr<CredentialSource>> sources;
  (sources.push_back(std::move(source)), ...);
  return CredentialChain(std::move(sources), clock);
}

}  // namespace

TEST_CASE("CredentialChain uses the first source that is set up") {
  ManualClock clock;
  CredentialChain chain =
      ChainOf(clock, std::make_unique<ScriptedSource>("environment", State::kNotSetUp),
              std::make_unique<ScriptedSource>("profile", State::kFound),
              std::make_unique<ScriptedSource>("s3cmd", State::kFound));
  const Result<Credentials> got = chain.Get();
  REQUIRE(got);
  CHECK(got->source == "profile");
}

TEST_CASE("CredentialChain stops at a broken source instead of falling through") {
  ManualClock clock;
  int s3cmd_lookups = 0;
  CredentialChain chain =
      ChainOf(clock, std::make_unique<ScriptedSource>("environment", State::kBroken),
              std::make_unique<ScriptedSource>("s3cmd", State::kFound, &s3cmd_lookups));
  const Result<Credentials> got = chain.Get();
  REQUIRE_FALSE(got);
  CHECK(got.error().message == "environment is broken");
  CHECK(s3cmd_lookups == 0);
}

TEST_CASE("CredentialChain says where to put credentials when no source is set up") {
  ManualClock clock;
  CredentialChain chain = ChainOf(clock, std::make_unique<EnvCredentials>(EnvironmentKeys{}));
  const Result<Credentials> got = chain.Get();
  REQUIRE_FALSE(got);
  CHECK(got.error().kind == ErrorKind::kConfig);
  CHECK(got.error().message ==
        "no credentials found: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile in "
        "~/.aws/credentials, or ~/.s3cfg, or run with an instance, container or web identity "
        "role");
}

TEST_CASE("CredentialChain keeps long-term credentials instead of looking again") {
  ManualClock clock;
  int lookups = 0;
  CredentialChain chain =
      ChainOf(clock, std::make_unique<ScriptedSource>("profile", State::kFound, &lookups));
  REQUIRE(chain.Get());
  REQUIRE(chain.Get());
  clock.now += std::chrono::hours(1000);
  REQUIRE(chain.Get());
  CHECK(lookups == 1);
}

TEST_CASE("CredentialChain looks again five minutes before temporary credentials expire") {
  ManualClock clock;
  int lookups = 0;
  auto source = std::make_unique<ScriptedSource>("web identity", State::kFound, &lookups);
  source->expiration = clock.now + std::chrono::minutes(60);
  CredentialChain chain = ChainOf(clock, std::move(source));
  REQUIRE(chain.Get());
  clock.now += std::chrono::minutes(54);
  REQUIRE(chain.Get());
  CHECK(lookups == 1);
  clock.now += std::chrono::minutes(1) + std::chrono::seconds(1);
  REQUIRE(chain.Get());
  CHECK(lookups == 2);
}

TEST_CASE("CredentialChain looks again after ForceRefresh") {
  ManualClock clock;
  int lookups = 0;
  CredentialChain chain =
      ChainOf(clock, std::make_unique<ScriptedSource>("profile", State::kFound, &lookups));
  REQUIRE(chain.Get());
  chain.ForceRefresh();
  REQUIRE(chain.Get());
  CHECK(lookups == 2);
}
