// RefreshingCredentials: a source decorator for temporary credentials. It keeps what the inner
// source handed out and asks it again once less than `margin` is left before they expire, so a
// long run keeps working. Credentials without an expiration are kept for good. When a refresh
// fails while the kept credentials have not yet expired, those are used (the next Lookup tries
// again). ForceRefresh() drops them at once. Not thread-safe (the network thread owns the chain).
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "auth/credential_chain.h"
#include "auth/credentials.h"
#include "util/clock.h"

namespace s3mirror::auth {

class RefreshingCredentials final : public CredentialSource {
 public:
  // `clock` must outlive this object.
  RefreshingCredentials(std::unique_ptr<CredentialSource> inner, const Clock& clock,
                        std::chrono::seconds margin = kRefreshBeforeExpiry);

  // Kept credentials while fresh; otherwise the inner source's answer (errors and "not set up"
  // included, except as said above).
  Result<std::optional<Credentials>> Lookup() override;
  std::string Name() const override { return inner_->Name(); }
  // Drops the kept credentials (the server refused them): the next Lookup asks the inner source,
  // and a failure then is reported rather than answered with the refused credentials.
  void ForceRefresh() override;

 private:
  bool IsFresh() const;
  bool IsUsable() const;

  std::unique_ptr<CredentialSource> inner_;
  const Clock& clock_;
  std::chrono::seconds margin_;
  std::optional<Credentials> kept_;
};

}  // namespace s3mirror::auth
