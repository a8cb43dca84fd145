// Shared pieces of the credential sources that ask a service (container endpoint, EC2 instance
// metadata, STS): URL splitting, one blocking exchange with an overall deadline, the JSON document
// the container endpoint and IMDS both serve, ISO 8601 expirations, and small token files.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/credentials.h"
#include "http/request.h"
#include "http/transport.h"
#include "util/result.h"

namespace s3mirror::auth {

// Makes the transport a source uses for its requests (a private CurlTransport with short
// timeouts in production, a scripted one in tests). Called at most once per source, lazily.
using TransportFactory = std::function<std::unique_ptr<http::Transport>()>;

// "http://host:port/path?query" -> a Request with method, scheme, host, path and query set.
// kConfig naming `subject` when the URL is not http(s)://HOST[/...].
Result<http::Request> RequestForUrl(const std::string& method, const std::string& url,
                                    const std::string& subject);

// Runs `request` alone on `transport` and gives up after `deadline` (kNetwork "... did not
// answer within N ms", the exchange cancelled). Transport errors come back unchanged.
Result<http::Response> FetchWithin(http::Transport& transport, http::Request request,
                                   std::chrono::milliseconds deadline);

// {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"} (container endpoint, IMDS role
// document). kInternal naming `source` when the body is not such a document; Expiration is
// optional, the rest required. The result's source is `source`.
Result<Credentials> ParseCredentialJson(std::string_view body, const std::string& source);

// "2026-11-25T17:00:00Z", also with fractional seconds and a "+HH:MM"/"-HH:MM" offset.
std::optional<std::chrono::system_clock::time_point> ParseIso8601(std::string_view text);

// The contents of a token file without surrounding whitespace. kLocalIo naming `path` (and
// `what`) when it cannot be read, kConfig when it is empty.
Result<std::string> ReadTokenFile(const std::string& path, const std::string& what);

}  // namespace s3mirror::auth
