#include "auth/env_credentials.h"

namespace s3mirror::auth {

Result<std::optional<Credentials>> EnvCredentials::Lookup() {
  const bool has_id = !keys_.access_key_id.empty();
  const bool has_secret = !keys_.secret_access_key.empty();
  if (!has_id && !has_secret) return std::optional<Credentials>();
  if (!has_secret) {
    return Fail(ErrorKind::kConfig,
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both or neither");
  }
  if (!has_id) {
    return Fail(ErrorKind::kConfig,
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not: set both or neither");
  }
  return std::optional<Credentials>(Credentials{.access_key_id = keys_.access_key_id,
                                                .secret_access_key = keys_.secret_access_key,
                                                .session_token = keys_.session_token,
                                                .expiration = std::nullopt,
                                                .source = "environment",
                                                .file = ""});
}

}  // namespace s3mirror::auth
