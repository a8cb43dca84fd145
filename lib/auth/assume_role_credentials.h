// STS AssumeRole for profiles with role_arn + source_profile: a form POST to the STS endpoint
// (https://sts.amazonaws.com, or AWS_ENDPOINT_URL_STS) signed with SigV4 for service "sts" in
// us-east-1 with the source profile's credentials; the answer holds temporary credentials of the
// role. The caller (profile_credentials) keeps and refreshes them.
#pragma once

#include <chrono>
#include <string>

#include "auth/credentials.h"
#include "http/transport.h"
#include "util/result.h"

namespace s3mirror::auth {

struct AssumeRoleRequest {
  std::string role_arn{};
  std::string session_name{};  // role_session_name; "s3mirror" when empty
  std::string external_id{};   // sent only when set
  int duration_seconds = 0;    // sent only when > 0 (STS's default is 3600)
  std::string sts_endpoint{};
  std::string source{};  // "profile NAME (role ARN)": the result's source, starts every message
};

// The form body of the request: Action=AssumeRole&Version=2011-06-15&RoleArn=...
std::string AssumeRoleForm(const AssumeRoleRequest& request);

// Calls STS on `transport` with `base` credentials at time `now`. kConfig for a bad endpoint URL,
// kNetwork when STS does not answer, kAuth when it refuses (with STS's code and message), kServer
// for its 5xx, kInternal for an answer without credentials.
Result<Credentials> AssumeRole(const AssumeRoleRequest& request, const Credentials& base,
                               http::Transport& transport,
                               std::chrono::system_clock::time_point now);

}  // namespace s3mirror::auth
