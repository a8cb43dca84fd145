// StaticCredentials: a CredentialProvider that hands out the same long-term key pair on every
// call, for tests that need requests signed but do not look at who signed them. It never fails and
// keeps nothing to refresh.
#pragma once

#include "auth/credentials.h"

namespace s3mirror::testing {

class StaticCredentials final : public auth::CredentialProvider {
 public:
  Result<auth::Credentials> Get() override {
    auth::Credentials credentials;  // built member by member: other fields may be added
    credentials.access_key_id = "AKIDEXAMPLE";
    credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    credentials.source = "test";
    return credentials;
  }
};

}  // namespace s3mirror::testing
