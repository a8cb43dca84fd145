#include "cli/session.h"

#include "auth/file_permissions.h"
#include "config/environment.h"
#include "http/curl_transport.h"

namespace s3mirror::cli {

Result<std::unique_ptr<Session>> OpenSession(const Invocation& invocation,
                                             const std::string& bucket, int concurrency) {
  const config::SystemEnvironment environment;
  Result<config::Settings> settings = config::ResolveSettings(invocation.flags, environment);
  if (!settings) return Fail(settings.error());

  auto session = std::make_unique<Session>();
  session->settings = std::move(*settings);
  http::CurlTransportOptions transport_options;
  transport_options.ca_bundle = session->settings.ca_bundle;
  transport_options.max_connections = concurrency;
  session->network = std::make_unique<http::CurlTransport>(std::move(transport_options));
  session->signer = std::make_unique<auth::RequestSigner>(
      *session->settings.credentials, session->settings.endpoint.region, session->clock);
  session->transport = std::make_unique<s3::CorrectingTransport>(
      *session->network, *session->signer, session->clock, session->settings.endpoint);
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
