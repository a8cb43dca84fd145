// Credentials and where they come from. A CredentialProvider hands out credentials (the chain, or
// one source); a CredentialSource is one place credentials may be set up (environment, profile,
// s3cmd config, ...) and can say "not set up here" apart from "set up but broken", so the chain
// (credential_chain.h) moves on after the first and stops with the second. Secrets never go into
// messages or into `source`.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "util/result.h"

namespace s3mirror::auth {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  // When temporary credentials stop working; nullopt for long-term keys.
  std::optional<std::chrono::system_clock::time_point> expiration;
  std::string source;  // for -v: "environment", "profile prod in /root/.aws/credentials"
  std::string file;    // the file they were read from (permission warnings); empty if none
};

class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;
  // Current credentials, or why there are none: kConfig when nothing usable is configured or a
  // configuration is broken (the message says which file or variable to fix), kLocalIo when a
  // file cannot be read, kNetwork/kAuth for sources that ask a service.
  virtual Result<Credentials> Get() = 0;

  // Forgets any credentials kept, so that the next Get() asks their source again: the server
  // refused them as expired (ExpiredToken) before their announced expiration. Default: nothing
  // is kept.
  virtual void ForceRefresh() {}
};

// One place credentials can be configured.
class CredentialSource : public CredentialProvider {
 public:
  // nullopt: this source is not set up at all (no variables, no file, no such profile when none
  // was asked for) and the chain should try the next one. An error: the source is set up but
  // broken (half a key pair, an explicitly requested profile that is missing, an unreadable
  // file); the chain reports it rather than silently using a later source.
  virtual Result<std::optional<Credentials>> Lookup() = 0;

  // What this source is, for messages: "environment", "s3cmd config /root/.s3cfg".
  virtual std::string Name() const = 0;

  // Lookup(), with "not set up" reported as kConfig "no credentials in <Name()>".
  Result<Credentials> Get() override;
};

}  // namespace s3mirror::auth
