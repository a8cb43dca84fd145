#include <algorithm>
#include <csignal>
#include <random>

#include <catch2/catch.hpp>

#include "s3/client.h"
#include "support/listing_server.h"
#include "sync/listing/range_lister.h"
#include "unit/sync/execute/executor_fixture.h"

namespace s3mirror::sync {
namespace {

using testing::MakeResponse;
using testing::MakeS3Error;

// A FakeTransport answering listings from a ListingServer, a Client over the same transport and
// signer, and the listing's environment.
struct ListingHarness {
  testing_executor::Harness h;
  testing::ListingServer server;
  s3::Client client;
  RangeListEnvironment environment;
  RangeListOptions options{.prefix = "site/", .concurrency = 4, .retry = {}};
  int retries = 0;
  std::size_t listed = 0;

  explicit ListingHarness(std::vector<std::string> remote_keys)
      : server(std::move(remote_keys)),
        client(s3::ClientContext{.transport = h.transport,
                                 .signer = h.signer,
                                 .builder = h.builder,
                                 .retry = {},
                                 .on_retry = {}}),
        environment{.client = client,
                    .transport = h.transport,
                    .signer = h.signer,
                    .builder = h.builder,
                    .clock = h.clock,
                    .random01 = [] { return 0.5; },
                    .on_page = [this](std::size_t n) { listed = n; },
                    .on_retry = [this](std::string_view, const Error&, int,
                                       std::chrono::milliseconds) { ++retries; },
                    .cancel = nullptr} {
    h.transport.SetHandler([this](const http::Request& request) { return server.Answer(request); });
    h.transport.completions_per_wait = 3;
  }
  std::vector<LocalFile> local;

  Result<Diff> List(const std::vector<std::string>& paths) {
    local = Files(paths);
    return ListRemoteInRanges(local, options, environment);
  }
  // Every remote key the Diff accounts for, in key order: the listing it was merged from.
  std::vector<std::string> Keys(const Diff& diff) const {
    std::vector<std::string> keys;
    for (const SameSizePair& pair : diff.same_size) keys.push_back(local[pair.local_index].path);
    for (const PlannedUpload& upload : diff.uploads) {
      if (upload.reason == UploadReason::kSizeDiffers)
        keys.push_back(local[upload.local_index].path);
    }
    for (const RemoteObject& object : diff.remote_only) keys.push_back(object.key);
    std::sort(keys.begin(), keys.end(), KeyLess);
    CHECK(keys.size() == diff.remote_count);
    return keys;
  }
  static std::vector<LocalFile> Files(const std::vector<std::string>& paths) {
    std::vector<LocalFile> files;
    for (const std::string& path : paths) files.push_back(LocalFile{.path = path});
    return files;
  }
};

std::string Name(std::size_t n) {
  std::string name = std::to_string(n);
  return "p" + std::string(6 - name.size(), '0') + name;
}

// Local and remote paths that differ in every way: remote-only keys before the first local key,
// between local keys (also in long runs, many pages long) and after the last; local-only paths;
// shared paths. Remote keys also lie outside the prefix, and the prefix itself is an object.
struct Trees {
  std::vector<std::string> local;
  std::vector<std::string> remote_paths;  // relative, sorted: the expected listing
  std::vector<std::string> server_keys;   // full keys the server holds
};

Trees MakeTrees(std::uint64_t seed, std::size_t count) {
  std::mt19937_64 random(seed);
  Trees trees;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t roll = random() % 10;
    const std::string path = Name(i) + (i % 7 == 0 ? "/index.html" : ".html");
    const bool dense = i / 1000 == 2;  // a run of ~1000 keys only the remote has
    if (roll < 6 && !dense) trees.local.push_back(path);
    if (roll >= 2 || dense) trees.remote_paths.push_back(path);
  }
  trees.remote_paths.insert(trees.remote_paths.begin(), {"!early", "0-before"});
  trees.remote_paths.insert(trees.remote_paths.end(), {"q-after", "zz/last"});
  trees.server_keys = {"a-outside", "site"};
  trees.server_keys.push_back("site/");
  for (const std::string& path : trees.remote_paths) trees.server_keys.push_back("site/" + path);
  trees.server_keys.push_back("sitf-outside");
  return trees;
}

// Credentials that are there for the first `good` requests only (an expired session, say).
class VanishingCredentials final : public auth::CredentialProvider {
 public:
  explicit VanishingCredentials(int good) : good_(good) {}
  Result<auth::Credentials> Get() override {
    if (good_-- <= 0) return Fail(ErrorKind::kAuth, "no credentials found");
    auth::Credentials credentials;
    credentials.access_key_id = "AKIDEXAMPLE";
    credentials.secret_access_key = "secret";
    return credentials;
  }

 private:
  int good_;
};

// How a listing of MakeTrees(seed, 5000) fails when the server answers its second request with
// `answer`: the error (the listing must fail) and the retries made before it.
struct ListingFailure {
  Error error;
  int retries = 0;
};

ListingFailure FailureWithSecondAnswer(std::uint64_t seed, Result<http::Response> answer) {
  const Trees trees = MakeTrees(seed, 5000);
  ListingHarness l(trees.server_keys);
  l.server.failures.emplace(2, std::move(answer));
  auto listed = l.List(trees.local);
  REQUIRE_FALSE(listed.has_value());
  return {listed.error(), l.retries};
}

}  // namespace

TEST_CASE("ListRemoteInRanges returns exactly the serial listing when local and remote differ") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    for (int concurrency : {1, 2, 5, 64}) {
      const Trees trees = MakeTrees(seed, 9000);
      ListingHarness l(trees.server_keys);
      l.options.concurrency = concurrency;
      auto listed = l.List(trees.local);
      REQUIRE(listed.has_value());
      CHECK(l.Keys(*listed) == trees.remote_paths);
      // The same Diff as the serial listing's merge.
      std::vector<RemoteObject> serial;
      for (const std::string& path : trees.remote_paths) serial.push_back({.key = path});
      const Diff expected = DiffListings(l.local, serial);
      CHECK(listed->uploads.size() == expected.uploads.size());
      CHECK(listed->same_size.size() == expected.same_size.size());
      CHECK(listed->remote_only.size() == expected.remote_only.size());
      CHECK(l.listed == trees.remote_paths.size());
      CHECK(l.h.transport.max_in_flight() <= static_cast<std::size_t>(concurrency));
      CHECK(l.h.transport.InFlight() == 0);
    }
  }
}

TEST_CASE("ListRemoteInRanges lists the ranges concurrently, at most 32 requests in flight") {
  std::vector<std::string> local, remote;
  for (std::size_t i = 0; i < 100'000; ++i) {
    local.push_back(Name(i));
    remote.push_back("site/" + Name(i));
  }
  ListingHarness l(remote);
  l.options.concurrency = 64;
  l.h.transport.completions_per_wait = 1;
  auto listed = l.List(local);
  REQUIRE(listed.has_value());
  CHECK(listed->same_size.size() == 100'000);
  CHECK(l.h.transport.max_in_flight() == 32);
  // Ranges of 1000 keys, each one page: no more requests than the serial listing would send.
  CHECK(l.server.list_requests == 100);
}

TEST_CASE("ListRemoteInRanges retries a 503 SlowDown on a range's page after a backoff") {
  const Trees trees = MakeTrees(4, 5000);
  ListingHarness l(trees.server_keys);
  l.server.failures.emplace(2, MakeS3Error(503, "SlowDown"));
  l.server.failures.emplace(3, MakeS3Error(503, "SlowDown"));
  l.server.failures.emplace(5, testing::NetworkFailure("connection reset"));
  auto listed = l.List(trees.local);
  REQUIRE(listed.has_value());
  CHECK(l.Keys(*listed) == trees.remote_paths);
  CHECK(l.retries == 3);
  CHECK(l.h.clock.elapsed() > std::chrono::milliseconds(0));  // waited for the backoff
}

TEST_CASE("ListRemoteInRanges fails with the last error once a page's attempts are used up") {
  const Trees trees = MakeTrees(5, 5000);
  ListingHarness l(trees.server_keys);
  l.options.retry.max_attempts = 3;
  for (std::size_t n = 2; n < 100; ++n) l.server.failures.emplace(n, MakeS3Error(503, "SlowDown"));
  auto listed = l.List(trees.local);
  REQUIRE_FALSE(listed.has_value());
  CHECK(listed.error().kind == ErrorKind::kThrottled);
  CHECK(listed.error().message.rfind("LIST s3://bucket/site/: ", 0) == 0);
  CHECK(l.h.transport.InFlight() == 0);  // the other ranges' requests were cancelled
}

TEST_CASE("ListRemoteInRanges fails at once on an error that no retry cures") {
  const ListingFailure failure = FailureWithSecondAnswer(6, MakeS3Error(403, "AccessDenied"));
  CHECK(failure.error.kind == ErrorKind::kAuth);
  CHECK(failure.retries == 0);
}

TEST_CASE("ListRemoteInRanges fails with kAuth when a page cannot be signed") {
  const Trees trees = MakeTrees(9, 5000);
  ListingHarness l(trees.server_keys);
  VanishingCredentials credentials(2);
  auth::RequestSigner signer(credentials, "us-east-1", l.h.clock);
  RangeListEnvironment environment{.client = l.client,
                                   .transport = l.h.transport,
                                   .signer = signer,
                                   .builder = l.h.builder,
                                   .clock = l.h.clock};
  auto listed = ListRemoteInRanges(ListingHarness::Files(trees.local), l.options, environment);
  REQUIRE_FALSE(listed.has_value());
  CHECK(listed.error().kind == ErrorKind::kAuth);
  CHECK(listed.error().message == "LIST s3://bucket/site/: no credentials found");
  CHECK(l.h.transport.InFlight() == 0);  // the pages that were signed are cancelled
}

TEST_CASE("ListRemoteInRanges reports a malformed page as a server error") {
  const ListingFailure failure =
      FailureWithSecondAnswer(7, MakeResponse(200, "<ListBucketResult><Contents>"));
  CHECK(failure.error.kind == ErrorKind::kServer);
  CHECK(failure.error.message.find("LIST s3://bucket/site/: malformed") == 0);
}

TEST_CASE("ListRemoteInRanges falls back to the serial listing when the server does not sort") {
  ListingHarness l({});
  const std::string page =
      "<ListBucketResult><IsTruncated>false</IsTruncated>"
      "<Contents><Key>site/c</Key><Size>1</Size><ETag>\"e\"</ETag></Contents>"
      "<Contents><Key>site/a</Key><Size>1</Size><ETag>\"e\"</ETag></Contents>"
      "<Contents><Key>site/b</Key><Size>1</Size><ETag>\"e\"</ETag></Contents></ListBucketResult>";
  l.h.transport.SetHandler([&](const http::Request&) { return MakeResponse(200, page); });
  auto listed = l.List({"a", "c"});
  REQUIRE(listed.has_value());
  CHECK(l.Keys(*listed) == std::vector<std::string>{"a", "b", "c"});
  CHECK(listed->remote_only.size() == 1);
  CHECK(l.h.transport.requests().size() == 2);  // the ranged page, then the serial one
}

TEST_CASE("ListRemoteInRanges stops with kCancelled when the run is interrupted") {
  const Trees trees = MakeTrees(8, 5000);
  ListingHarness l(trees.server_keys);
  std::atomic<int> cancel{SIGINT};
  l.environment.cancel = &cancel;
  auto listed = l.List(trees.local);
  REQUIRE_FALSE(listed.has_value());
  CHECK(listed.error().kind == ErrorKind::kCancelled);
  CHECK(l.server.list_requests == 1);  // only the first page, before the fan-out
}

}  // namespace s3mirror::sync
