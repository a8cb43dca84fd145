#include "auth/credential_chain.h"

namespace s3mirror::auth {

CredentialChain::CredentialChain(std::vector<std::unique_ptr<CredentialSource>> sources,
                                 const Clock& clock)
    : sources_(std::move(sources)), clock_(clock) {}

Result<Credentials> CredentialChain::Get() {
  if (CachedIsFresh()) return *cached_;
  Result<Credentials> resolved = Resolve();
  if (resolved) cached_ = *resolved;
  return resolved;
}

void CredentialChain::ForceRefresh() {
  cached_.reset();
  for (const std::unique_ptr<CredentialSource>& source : sources_) source->ForceRefresh();
}

bool CredentialChain::CachedIsFresh() const {
  if (!cached_) return false;
  if (!cached_->expiration) return true;
  return clock_.Now() + kRefreshBeforeExpiry < *cached_->expiration;
}

Result<Credentials> CredentialChain::Resolve() {
  for (const std::unique_ptr<CredentialSource>& source : sources_) {
    Result<std::optional<Credentials>> found = source->Lookup();
    if (!found)
      return Fail(std::move(found).error());  // set up but broken: say so, do not fall through
    if (found->has_value()) return std::move(**found);
  }
  return Fail(ErrorKind::kConfig, kNoCredentialsMessage);
}

}  // namespace s3mirror::auth
