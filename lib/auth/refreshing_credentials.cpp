#include "auth/refreshing_credentials.h"

namespace s3mirror::auth {

RefreshingCredentials::RefreshingCredentials(std::unique_ptr<CredentialSource> inner,
                                             const Clock& clock, std::chrono::seconds margin)
    : inner_(std::move(inner)), clock_(clock), margin_(margin) {}

bool RefreshingCredentials::IsFresh() const {
  if (!kept_) return false;
  if (!kept_->expiration) return true;
  return clock_.Now() + margin_ < *kept_->expiration;
}

bool RefreshingCredentials::IsUsable() const {
  return kept_ && (!kept_->expiration || clock_.Now() < *kept_->expiration);
}

void RefreshingCredentials::ForceRefresh() {
  kept_.reset();
  inner_->ForceRefresh();
}

Result<std::optional<Credentials>> RefreshingCredentials::Lookup() {
  if (IsFresh()) return kept_;
  Result<std::optional<Credentials>> found = inner_->Lookup();
  if (!found) {
    if (IsUsable()) return kept_;
    return found;
  }
  kept_ = *found;
  return found;
}

}  // namespace s3mirror::auth
