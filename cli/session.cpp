#include "cli/session.h"

#include "auth/file_permissions.h"
#include "config/environment.h"
#include "http/curl_transport.h"
#include "util/units.h"

namespace s3mirror::cli {
namespace {

// S3MIRROR_STALL_TIMEOUT (a duration, default 30s): how long a transfer may move no data before it
// is abandoned and retried. For slow links, and for tests that stall a connection on purpose.
Status ReadStallTimeout(const config::Environment& environment,
                        http::CurlTransportOptions& options) {
  const std::optional<std::string> text = environment.Get("S3MIRROR_STALL_TIMEOUT");
  if (!text) return {};
  Result<std::chrono::seconds> timeout = ParseDuration(*text);
  if (!timeout || timeout->count() < 1) {
    return Fail(ErrorKind::kConfig, "S3MIRROR_STALL_TIMEOUT=" + *text +
                                        " is not a duration of at least 1s (e.g. 30s or 2m)");
  }
  options.low_speed_time = *timeout;
  return {};
}

}  // namespace

Result<std::unique_ptr<Session>> OpenSession(const Invocation& invocation,
                                             const std::string& bucket, int concurrency,
                                             auth::PayloadSigning payload) {
  const config::SystemEnvironment environment;
  Result<config::Settings> settings = config::ResolveSettings(invocation.flags, environment);
  if (!settings) return Fail(settings.error());

  auto session = std::make_unique<Session>();
  session->settings = std::move(*settings);
  http::CurlTransportOptions transport_options;
  transport_options.ca_bundle = session->settings.ca_bundle;
  transport_options.max_connections = concurrency;
  if (Status read = ReadStallTimeout(environment, transport_options); !read) {
    return Fail(read.error());
  }
  session->network = std::make_unique<http::CurlTransport>(std::move(transport_options));
  session->counted = std::make_unique<http::CountingTransport>(*session->network);
  session->signer = std::make_unique<auth::RequestSigner>(
      *session->settings.credentials, session->settings.endpoint.region, session->clock, payload);
  session->transport = std::make_unique<s3::CorrectingTransport>(
      *session->counted, *session->signer, session->clock, session->settings.endpoint);
  session->builder = std::make_unique<s3::RequestBuilder>(session->settings.endpoint, bucket);
  session->client = std::make_unique<s3::Client>(s3::ClientContext{
      .transport = *session->transport,
      .signer = *session->signer,
      .builder = *session->builder,
      .retry = http::RetryPolicy{},
      .on_retry = {},
  });
  return session;
}

Status CheckCredentials(Session& session, report::Logger& logger) {
  Result<auth::Credentials> credentials = session.settings.credentials->Get();
  if (!credentials) return Fail(credentials.error());
  logger.Info("credentials from " + credentials->source);
  if (!credentials->file.empty()) {
    if (std::optional<std::string> warning = auth::CredentialsFileWarning(credentials->file)) {
      logger.Warning(*warning);
    }
  }
  return {};
}

void AnnounceCorrections(Session& session, report::Logger& logger) {
  session.transport->set_notice([&logger](const std::string& message) { logger.Warning(message); });
}

}  // namespace s3mirror::cli
