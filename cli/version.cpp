// The one file outside lib/http/curl_transport.cpp that includes curl.h: --version reports the
// libcurl and OpenSSL actually loaded, which is what a bug report needs.
#include "cli/version.h"

#include <curl/curl.h>
#include <openssl/crypto.h>

#include "s3mirror_version.h"

namespace s3mirror::cli {

std::string VersionText() {
  std::string text = std::string("s3mirror ") + S3MIRROR_VERSION;
  const std::string revision = S3MIRROR_GIT_REVISION;
  if (!revision.empty()) text += " (git " + revision + ")";
  text += "\n";
  text += curl_version();  // "libcurl/8.1.2 OpenSSL/3.0.11 zlib/1.2.13 ..."
  text += "\n";
  text += OpenSSL_version(OPENSSL_VERSION);
  text += "\n";
  return text;
}

}  // namespace s3mirror::cli
