#include "auth/request_signer.h"

#include "auth/sigv4.h"

namespace s3mirror::auth {

RequestSigner::RequestSigner(CredentialProvider& credentials, std::string region,
                             const Clock& clock)
    : credentials_(credentials), region_(std::move(region)), clock_(clock) {}

Status RequestSigner::Sign(http::Request& request) {
  Result<Credentials> credentials = credentials_.Get();
  if (!credentials) return Fail(std::move(credentials).error());
  // Over https TLS protects the body and Content-MD5 guards it, so the body is not hashed a
  // second time; over plain http the signature must cover it.
  const bool https = request.scheme == "https";
  SignRequest(request, *credentials,
              SigningParams{.region = region_,
                            .service = "s3",
                            .time = clock_.Now() + clock_offset_,
                            .payload_hash = https ? kUnsignedPayload : ""});
  return {};
}

}  // namespace s3mirror::auth
