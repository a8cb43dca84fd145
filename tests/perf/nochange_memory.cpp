// nochange_memory: the memory of a no-change sync run at scale, without an S3 server.
//
//   nochange_memory generate DIR COUNT      creates COUNT empty files under DIR, a website-like
//                                           tree (10 sections x 100 folders, ~52-byte paths)
//   nochange_memory run DIR COUNT STATE [LATENCY_MS]
//                                           one RunSync of DIR against a bucket that already holds
//                                           every file (listing answered in memory from the same
//                                           key formula), hash cache in STATE; prints the peak RSS
//                                           and the wall time; each answer LATENCY_MS late
//
// The first `run` hashes every file and saves the hash cache; the second is the hourly no-change
// run this measures: scan, listing (ranged, as the binary does), diff, content check from the
// hash cache, empty plan. The fake bucket answers from a formula, so the process holds only what
// the engine holds. Peak RSS is getrusage's ru_maxrss; the RSS at each phase is also printed, with
// the allocator's heap in use and free (glibc mallinfo2).
#include <fcntl.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <deque>
#include <fstream>
#include <string>
#include <thread>

#include "auth/request_signer.h"
#include "perf/website_paths.h"
#include "report/reporter.h"
#include "s3/request_builder.h"
#include "support/fake_transport.h"
#include "support/listing_server.h"
#include "support/static_credentials.h"
#include "sync/sync_run.h"
#include "util/memory.h"

namespace s3mirror {
namespace {

using perf::PathAt;

long CurrentRssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

class PhaseRss final : public report::Reporter {
 public:
  void OnPhase(report::Phase phase) override {
    const struct mallinfo2 heap = ::mallinfo2();
    std::printf("  phase %-9s rss %6ld MiB  peak so far %6ld MiB  (heap: %zu MiB used, %zu free)\n",
                report::PhaseName(phase), CurrentRssKb() / 1024, PeakRssKb() / 1024,
                heap.uordblks >> 20, heap.fordblks >> 20);
  }
  void OnWarning(std::string_view message) override {
    std::printf("  warning: %.*s\n", static_cast<int>(message.size()), message.data());
  }
};

// Answers like `inner` but each exchange completes `latency` after it started, as over a network
// with that round trip to a server that answers at once.
class LatencyTransport final : public http::Transport {
 public:
  LatencyTransport(http::Transport& inner, std::chrono::milliseconds latency)
      : inner_(inner), latency_(latency) {}
  http::ExchangeId Start(http::Request request) override {
    const http::ExchangeId id = inner_.Start(std::move(request));
    for (http::Completion& done : inner_.Wait(std::chrono::milliseconds(0))) {
      due_.push_back({std::chrono::steady_clock::now() + latency_, std::move(done)});
    }
    return id;
  }
  std::vector<http::Completion> Wait(std::chrono::milliseconds max_wait) override {
    std::vector<http::Completion> ready;
    if (due_.empty()) return ready;
    const auto until = std::min(due_.front().due, std::chrono::steady_clock::now() + max_wait);
    std::this_thread::sleep_until(until);
    while (!due_.empty() && due_.front().due <= std::chrono::steady_clock::now()) {
      ready.push_back(std::move(due_.front().completion));
      due_.pop_front();
    }
    return ready;
  }
  size_t InFlight() const override { return due_.size(); }
  void Cancel(http::ExchangeId id) override {
    std::erase_if(due_, [id](const Due& due) { return due.completion.id == id; });
  }

 private:
  struct Due {
    std::chrono::steady_clock::time_point due;
    http::Completion completion;
  };
  http::Transport& inner_;
  std::chrono::milliseconds latency_;
  std::deque<Due> due_;
};

int Generate(const std::string& dir, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    const std::string path = dir + "/" + PathAt(i);
    if (i % 1000 == 0) {
      const std::string section = path.substr(0, path.find('/', dir.size() + 1));
      ::mkdir(dir.c_str(), 0755);
      ::mkdir(section.c_str(), 0755);
      ::mkdir(path.substr(0, path.rfind('/')).c_str(), 0755);
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
      std::perror(path.c_str());
      return 1;
    }
    ::close(fd);
  }
  return 0;
}

int RunOnce(const std::string& dir, std::size_t count, const std::string& state,
            std::chrono::milliseconds latency) {
  SystemClock clock;
  testing::ListingServer server(count, PathAt);
  testing::FakeTransport transport;
  transport.SetHandler([&](const http::Request& request) { return server.Answer(request); });
  transport.completions_per_wait = 1000;
  LatencyTransport delayed(transport, latency);
  testing::StaticCredentials credentials;
  auth::RequestSigner signer(credentials, "us-east-1", clock);
  const s3::RequestBuilder builder(s3::Endpoint{.scheme = "http",
                                                .host = "127.0.0.1:9",
                                                .region = "us-east-1",
                                                .addressing = s3::Addressing::kPath,
                                                .is_aws = false},
                                   "bucket");
  PhaseRss reporter;
  sync::SyncOptions options;
  options.local_dir = dir;
  options.bucket = "bucket";
  options.hash_cache_path = state + "/hash-cache";
  options.mime_types_file = "";
  sync::SyncEnvironment environment{.transport = delayed,
                                    .signer = signer,
                                    .builder = builder,
                                    .reporter = reporter,
                                    .clock = clock};
  const auto start = std::chrono::steady_clock::now();
  const sync::SyncResult result = sync::RunSync(options, environment);
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start);
  const report::RunSummary& summary = result.summary;
  std::printf(
      "files %zu: scanned %llu uploaded %llu skipped %llu, %zu list requests, %.1f s, "
      "peak RSS %ld MiB\n",
      count, static_cast<unsigned long long>(summary.files_scanned),
      static_cast<unsigned long long>(summary.uploaded),
      static_cast<unsigned long long>(summary.skipped), server.list_requests, seconds.count(),
      PeakRssKb() / 1024);
  if (result.fatal) std::printf("error: %s\n", result.fatal->message.c_str());
  return result.fatal || summary.skipped != count ? 1 : 0;
}

}  // namespace
}  // namespace s3mirror

int main(int argc, char** argv) {
  s3mirror::ConfigureAllocator();  // as the s3mirror binary does
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "generate" && argc == 4) {
    return s3mirror::Generate(argv[2], std::stoul(argv[3]));
  }
  if (mode == "run" && (argc == 5 || argc == 6)) {
    const std::chrono::milliseconds latency(argc == 6 ? std::stol(argv[5]) : 0);
    return s3mirror::RunOnce(argv[2], std::stoul(argv[3]), argv[4], latency);
  }
  std::fprintf(
      stderr, "usage: nochange_memory generate DIR COUNT | run DIR COUNT STATE_DIR [LATENCY_MS]\n");
  return 2;
}
