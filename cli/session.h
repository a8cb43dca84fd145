// Session: everything a command needs to talk to S3, built from the global options and the
// environment (config::ResolveSettings): the transport, the signer, the request builder for one
// bucket and a blocking client. Members refer to each other: keep a Session where it was made
// (OpenSession returns it on the heap). Not thread-safe: the thread that runs the command owns it.
#pragma once

#include <memory>
#include <string>

#include "auth/request_signer.h"
#include "cli/command.h"
#include "config/settings.h"
#include "http/counting_transport.h"
#include "http/transport.h"
#include "report/logger.h"
#include "s3/client.h"
#include "s3/correcting_transport.h"
#include "s3/request_builder.h"
#include "util/clock.h"
#include "util/result.h"

namespace s3mirror::cli {

struct Session {
  SystemClock clock;  // first: the signer refers to it
  config::Settings settings;
  std::unique_ptr<http::Transport> network;  // libcurl
  // Over `network`: counts every request that goes out, the corrections' resends included, so
  // that a command's counts are what the server saw (http/counting_transport.h).
  std::unique_ptr<http::CountingTransport> counted;
  std::unique_ptr<auth::RequestSigner> signer;
  // Over `counted`: corrects region, clock skew and expired credentials
  // (s3/correcting_transport.h).
  std::unique_ptr<s3::CorrectingTransport> transport;
  std::unique_ptr<s3::RequestBuilder> builder;
  std::unique_ptr<s3::Client> client;
};

// Resolves the settings and builds the session for `bucket`, with up to `concurrency` connections;
// the signer signs upload bodies as `payload` says (auth/request_signer.h). kUsage/kConfig from
// the settings (bad endpoint, unreadable config file). Makes no request.
Result<std::unique_ptr<Session>> OpenSession(
    const Invocation& invocation, const std::string& bucket, int concurrency,
    auth::PayloadSigning payload = auth::PayloadSigning::kSignedOverHttp);

// Gets the credentials once before the first request, so that a missing or broken setup fails
// with its own message (kConfig: "no credentials found: ...") rather than as a request error. Logs
// their source at -v (never the secret) and warns when the file they came from is readable by
// others.
Status CheckCredentials(Session& session, report::Logger& logger);

// Sends the transport's announcements (region switched, clock corrected, credentials refreshed) to
// `logger` as warnings. `logger` must outlive the session's last request.
void AnnounceCorrections(Session& session, report::Logger& logger);

}  // namespace s3mirror::cli
