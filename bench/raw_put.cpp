// raw_put: the raw-limit reference of the benchmark. PUTs N objects of SIZE bytes at concurrency C
// to an S3 endpoint through s3mirror's own CurlTransport, RequestBuilder and SigV4 signer, and
// nothing else: no scan, listing, plan, hash cache, state or reporting. Each object gets distinct
// bytes, its Content-MD5 and its payload SHA-256, as any correct client must compute; with
// --unsigned-payload (as s3mirror sync --unsigned-payload) the payload is UNSIGNED-PAYLOAD over
// http too and only the MD5 is computed.
// s3mirror's small-file upload rate is compared with this program's at the same concurrency.
//
//   raw_put --endpoint-url URL --bucket NAME [--count N] [--size BYTES] [--concurrency C]
//           [--prefix P] [--unsigned-payload]
// Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Prints one JSON line:
//   {"puts":N,"failed":F,"concurrency":C,"size":S,"wall_s":..,"puts_per_s":..,"cpu_s":..,
//    "cpu_us_per_put":..}
// Exit 0 when every PUT answered 200, 1 when some did not, 2 on bad usage.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "auth/env_credentials.h"
#include "auth/request_signer.h"
#include "http/curl_transport.h"
#include "s3/request_builder.h"
#include "util/clock.h"
#include "util/crypto.h"

namespace {

using namespace s3mirror;

struct RawPutOptions {
  std::string endpoint_url;
  std::string bucket;
  std::string prefix = "raw/";
  long count = 1000;
  long size = 30 * 1024;
  long concurrency = 64;
  bool unsigned_payload = false;
};

struct RunCounts {
  long started = 0;
  long done = 0;
  long failed = 0;
};

// Sets option `name` ("--count") from `value`; false when the name is unknown or the number bad.
bool SetOption(RawPutOptions& options, std::string_view name, const char* value) {
  const std::pair<std::string_view, std::string*> texts[] = {
      {"--endpoint-url", &options.endpoint_url},
      {"--bucket", &options.bucket},
      {"--prefix", &options.prefix}};
  const std::pair<std::string_view, long*> numbers[] = {{"--count", &options.count},
                                                        {"--size", &options.size},
                                                        {"--concurrency", &options.concurrency}};
  for (const auto& [option, target] : texts) {
    if (name == option) {
      *target = value;
      return true;
    }
  }
  char* end = nullptr;
  const long number = std::strtol(value, &end, 10);
  for (const auto& [option, target] : numbers) {
    if (name == option && end != value && *end == '\0' && number > 0) {
      *target = number;
      return true;
    }
  }
  return false;
}

// Parses "--name value" pairs and the flag --unsigned-payload; false (with a message on stderr)
// on anything unknown or malformed.
bool ParseOptions(int argc, char** argv, RawPutOptions& options) {
  bool ok = true;
  for (int i = 1; ok && i < argc; ++i) {
    if (std::string_view(argv[i]) == "--unsigned-payload") {
      options.unsigned_payload = true;
    } else {
      ok = i + 1 < argc && SetOption(options, argv[i], argv[i + 1]);
      ++i;  // the value
    }
  }
  if (!ok || options.endpoint_url.empty() || options.bucket.empty()) {
    std::fprintf(stderr,
                 "usage: raw_put --endpoint-url URL --bucket NAME [--count N] [--size BYTES] "
                 "[--concurrency C] [--prefix P] [--unsigned-payload]\n");
    return false;
  }
  return true;
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Object `index`: the shared filler with the index written over its first bytes.
http::Request BuildPut(const s3::RequestBuilder& builder, const RawPutOptions& options,
                       const std::string& filler, long index) {
  auto body = std::make_shared<std::string>(filler);
  const std::string stamp = "object " + std::to_string(index) + "\n";
  const size_t stamped = std::min(stamp.size(), body->size());
  body->replace(0, stamped, stamp, 0, stamped);
  const std::string md5 = Base64Encode(Md5(*body));
  s3::ObjectSettings settings;
  settings.content_type = "text/html";
  return builder.PutObject(options.prefix + "obj-" + std::to_string(index) + ".html",
                           std::move(body), md5, settings);
}

struct Upload {
  const RawPutOptions& options;
  const s3::RequestBuilder& builder;
  auth::RequestSigner& signer;
  http::Transport& transport;
};

// Keeps `concurrency` PUTs in flight until `count` have answered.
RunCounts PutAll(const Upload& upload) {
  const std::string filler(static_cast<size_t>(upload.options.size), 'x');
  RunCounts counts;
  while (counts.done < upload.options.count) {
    while (counts.started < upload.options.count &&
           static_cast<long>(upload.transport.InFlight()) < upload.options.concurrency) {
      http::Request request = BuildPut(upload.builder, upload.options, filler, counts.started++);
      if (!upload.signer.Sign(request)) {
        ++counts.failed;
        ++counts.done;
        continue;
      }
      upload.transport.Start(std::move(request));
    }
    for (const http::Completion& completion : upload.transport.Wait(std::chrono::seconds(1))) {
      ++counts.done;
      if (!completion.response || completion.response->status != 200) ++counts.failed;
    }
  }
  return counts;
}

}  // namespace

int main(int argc, char** argv) {
  RawPutOptions options;
  if (!ParseOptions(argc, argv, options)) return 2;
  const char* key = std::getenv("AWS_ACCESS_KEY_ID");
  const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY");
  Result<s3::Endpoint> endpoint =
      s3::ParseEndpoint(options.endpoint_url, "us-east-1", s3::Addressing::kPath);
  if (!endpoint || !key || !secret) {
    std::fprintf(stderr,
                 "raw_put: need a valid --endpoint-url and AWS_ACCESS_KEY_ID, "
                 "AWS_SECRET_ACCESS_KEY\n");
    return 2;
  }
  auth::EnvCredentials credentials(auth::EnvironmentKeys{key, secret, ""});
  const SystemClock clock;
  auth::RequestSigner signer(credentials, endpoint->region, clock,
                             options.unsigned_payload ? auth::PayloadSigning::kUnsignedWithChecksum
                                                      : auth::PayloadSigning::kSignedOverHttp);
  const s3::RequestBuilder builder(*endpoint, options.bucket);
  http::CurlTransportOptions transport_options;
  transport_options.max_connections = options.concurrency;
  http::CurlTransport transport(std::move(transport_options));
  const auto start = std::chrono::steady_clock::now();
  const RunCounts counts = PutAll(Upload{options, builder, signer, transport});
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = CpuSeconds();
  std::printf(
      "{\"puts\":%ld,\"failed\":%ld,\"concurrency\":%ld,\"size\":%ld,\"wall_s\":%.3f,"
      "\"puts_per_s\":%.1f,\"cpu_s\":%.3f,\"cpu_us_per_put\":%.1f}\n",
      counts.done, counts.failed, options.concurrency, options.size, wall,
      static_cast<double>(counts.done) / wall, cpu, cpu * 1e6 / static_cast<double>(counts.done));
  return counts.failed == 0 ? 0 : 1;
}
