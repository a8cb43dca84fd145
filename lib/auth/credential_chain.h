// The credential chain: asks its sources in order (environment, profile, s3cmd config, then web
// identity, container endpoint, EC2 instance metadata) and uses the first that is set up. A source
// that is set up but broken stops the chain with its own error (a half-set AWS_ACCESS_KEY_ID must
// not silently fall through to ~/.s3cfg). Credentials found are kept: long-term ones for the life
// of the chain, temporary ones until 5 minutes before they expire. Not thread-safe (owned by the
// network thread through RequestSigner).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "auth/credentials.h"
#include "util/clock.h"

namespace s3mirror::auth {

inline constexpr std::chrono::minutes kRefreshBeforeExpiry{5};

// The message when no source is set up.
inline constexpr const char* kNoCredentialsMessage =
    "no credentials found: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile in "
    "~/.aws/credentials, or ~/.s3cfg, or run with an instance, container or web identity role";

class CredentialChain final : public CredentialProvider {
 public:
  // `clock` must outlive the chain.
  CredentialChain(std::vector<std::unique_ptr<CredentialSource>> sources, const Clock& clock);

  // kConfig kNoCredentialsMessage when no source is set up; a broken source's error otherwise.
  Result<Credentials> Get() override;
  // Drops the cached credentials and tells every source to do the same.
  void ForceRefresh() override;

 private:
  bool CachedIsFresh() const;
  Result<Credentials> Resolve();

  std::vector<std::unique_ptr<CredentialSource>> sources_;
  const Clock& clock_;
  std::optional<Credentials> cached_;
};

}  // namespace s3mirror::auth
