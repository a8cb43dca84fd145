#include "auth/credentials.h"

namespace s3mirror::auth {

Result<Credentials> CredentialSource::Get() {
  Result<std::optional<Credentials>> found = Lookup();
  if (!found) return Fail(std::move(found).error());
  if (!found->has_value()) return Fail(ErrorKind::kConfig, "no credentials in " + Name());
  return std::move(**found);
}

}  // namespace s3mirror::auth
