// Shared set-up for the executor tests: files held in memory by a scripted FileReader, a
// FakeTransport on a FakeClock, a real signer and request builder, and a reporter that records
// every event as a line.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth/request_signer.h"
#include "s3/request_builder.h"
#include "support/fake_clock.h"
#include "support/fake_transport.h"
#include "support/static_credentials.h"
#include "sync/execute/executor.h"

namespace s3mirror::sync::testing_executor {

// Files in memory. `changes_during_read[path]` reads of that file see its mtime move between the
// fstat before and after; `changes_after_stat[path]` reads start with a stamp other than Stat's.
// Safe to call from several threads (the executor's read-ahead workers).
class MemoryFileReader final : public FileReader {
 public:
  Result<FileStamp> Stat(const std::string& path) override;
  Result<FileBytes> Read(const std::string& path, std::uint64_t offset,
                         std::uint64_t length) override;

  std::map<std::string, std::string> contents;
  std::map<std::string, int> changes_during_read;
  std::map<std::string, int> changes_after_stat;
  std::map<std::string, int> read_errors;  // the next N reads of the path fail (kLocalIo)
  std::atomic<int> reads = 0;

 private:
  std::mutex mutex_;
};

class RecordingReporter final : public report::Reporter {
 public:
  void OnPhase(report::Phase phase) override {
    events.push_back(std::string("phase ") + report::PhaseName(phase));
  }
  void OnUploaded(std::string_view key, std::uint64_t bytes) override;
  void OnBytesSent(std::uint64_t bytes) override { bytes_sent += bytes; }
  void OnDeleted(std::string_view key) override { events.push_back("deleted " + std::string(key)); }
  void OnFailed(std::string_view key, const Error& error) override;
  void OnRetry(std::string_view subject, const Error& error, int retry,
               std::chrono::milliseconds delay) override;
  void OnWarning(std::string_view message) override { warnings.emplace_back(message); }

  bool Has(const std::string& event) const;
  std::vector<std::string> events;
  std::vector<std::string> warnings;
  std::uint64_t bytes_sent = 0;
};

struct Harness {
  testing::FakeClock clock;
  testing::FakeTransport transport{&clock};
  testing::StaticCredentials credentials;
  auth::RequestSigner signer{credentials, "us-east-1", clock};
  s3::RequestBuilder builder{s3::Endpoint{.scheme = "http",
                                          .host = "127.0.0.1:9000",
                                          .region = "us-east-1",
                                          .addressing = s3::Addressing::kPath,
                                          .is_aws = false},
                             "bucket"};
  RecordingReporter reporter;
  MemoryFileReader reader;
  std::vector<LocalFile> files;
  Plan plan;
  ExecutorOptions options{.local_dir = "/src", .prefix = "site/"};
  HashCache cache;

  // Adds a file under /src and plans its upload (call in key order).
  void AddFile(const std::string& path, std::string content);
  ExecutionResult Run(const std::atomic<int>* cancel = nullptr);
  // What the last Run recorded in the hash cache for file `index` under its stamp (or nullopt).
  std::optional<FileDigest> Recorded(std::size_t index) const {
    return cache.Find(index, StampOf(files[index]));
  }
  // The executor's environment of this harness's parts over `over` (the fake transport or a
  // decorator of it), with the hash cache and a fixed backoff jitter of 0.5.
  ExecutorEnvironment EnvironmentOver(http::Transport& over);
  // Runs the plan in `environment` over a fresh hash cache of the files.
  ExecutionResult RunIn(ExecutorEnvironment& environment);
  // Answers multipart requests like S3 (upload id "UP1"; Complete with the right ETag) and
  // everything else like the default (200 with the PUT ETag).
  void EmulateMultipart();
};

}  // namespace s3mirror::sync::testing_executor
