#include "unit/sync/execute/executor_fixture.h"

#include <algorithm>

#include "s3/etag.h"
#include "util/crypto.h"

namespace s3mirror::sync::testing_executor {
namespace {

FileStamp StampFor(const std::string& content, std::int64_t mtime) {
  return FileStamp{.size = content.size(), .mtime_ns = mtime, .ctime_ns = mtime, .inode = 42};
}

}  // namespace

Result<FileStamp> MemoryFileReader::Stat(const std::string& path) {
  std::lock_guard lock(mutex_);
  auto it = contents.find(path);
  if (it == contents.end()) return Fail(ErrorKind::kSourceChanged, "cannot open " + path);
  return StampFor(it->second, 1000);
}

Result<FileBytes> MemoryFileReader::Read(const std::string& path, std::uint64_t offset,
                                         std::uint64_t length) {
  std::lock_guard lock(mutex_);
  ++reads;
  auto it = contents.find(path);
  if (it == contents.end()) return Fail(ErrorKind::kSourceChanged, "cannot open " + path);
  if (read_errors[path] > 0) {
    --read_errors[path];
    return Fail(ErrorKind::kLocalIo, "cannot read " + path + ": Input/output error");
  }
  FileBytes read{.bytes = it->second.substr(offset, length),
                 .before = StampFor(it->second, 1000),
                 .after = StampFor(it->second, 1000)};
  if (changes_after_stat[path] > 0) {
    --changes_after_stat[path];
    read.before = read.after = StampFor(it->second, 2000);
  } else if (changes_during_read[path] > 0) {
    --changes_during_read[path];
    read.after = StampFor(it->second, 3000);
  }
  return read;
}

void RecordingReporter::OnUploaded(std::string_view key, std::uint64_t bytes) {
  events.push_back("uploaded " + std::string(key) + " " + std::to_string(bytes));
}

void RecordingReporter::OnFailed(std::string_view key, const Error& error) {
  events.push_back("failed " + std::string(key) + " " + ErrorKindName(error.kind));
}

void RecordingReporter::OnRetry(std::string_view subject, const Error& error, int retry,
                                std::chrono::milliseconds) {
  events.push_back("retry " + std::string(subject) + " " + ErrorKindName(error.kind) + " #" +
                   std::to_string(retry));
}

bool RecordingReporter::Has(const std::string& event) const {
  return std::find(events.begin(), events.end(), event) != events.end();
}

void Harness::AddFile(const std::string& path, std::string content) {
  reader.contents["/src/" + path] = content;
  files.push_back(LocalFile{
      .path = path, .size = content.size(), .mtime_ns = 1000, .ctime_ns = 1000, .inode = 42});
  plan.uploads.push_back({.local_index = files.size() - 1, .reason = UploadReason::kMissing});
  plan.upload_bytes += content.size();
}

ExecutionResult Harness::Run(const std::atomic<int>* cancel) {
  ExecutorEnvironment environment = EnvironmentOver(transport);
  environment.cancel = cancel;
  return RunIn(environment);
}

ExecutorEnvironment Harness::EnvironmentOver(http::Transport& over) {
  return ExecutorEnvironment{.transport = over,
                             .signer = signer,
                             .builder = builder,
                             .reporter = reporter,
                             .clock = clock,
                             .reader = reader,
                             .random01 = [] { return 0.5; },
                             .cache = &cache};
}

ExecutionResult Harness::RunIn(ExecutorEnvironment& environment) {
  cache = HashCache(files);
  return ExecutePlan(plan, files, options, environment);
}

void Harness::EmulateMultipart() {
  transport.SetHandler([this](const http::Request& request) -> Result<http::Response> {
    if (request.method == "POST" && request.query == "uploads") {
      return testing::MakeResponse(
          200,
          "<InitiateMultipartUploadResult><Bucket>bucket</Bucket><Key>k</Key>"
          "<UploadId>UP1</UploadId></InitiateMultipartUploadResult>");
    }
    if (request.method == "POST" && request.query.rfind("uploadId=", 0) == 0) {
      // The ETag S3 computes: from the MD5s of the parts sent for this key, in part order.
      std::map<int, std::string> parts;  // the last attempt of each part counts
      for (const http::Request& sent : transport.RequestsFor("PUT", "partNumber=")) {
        if (sent.path != request.path) continue;
        parts[std::stoi(sent.query.substr(sent.query.find('=') + 1))] = Md5(*sent.body);
      }
      std::vector<std::string> md5s;
      for (auto& part : parts) md5s.push_back(part.second);
      return testing::MakeResponse(200, "<CompleteMultipartUploadResult><ETag>\"" +
                                            s3::MultipartEtag(md5s) +
                                            "\"</ETag></CompleteMultipartUploadResult>");
    }
    if (request.method == "DELETE") return testing::MakeResponse(204);
    return testing::MakeResponse(200, "", {{"ETag", testing::PutEtag(request)}});
  });
}

}  // namespace s3mirror::sync::testing_executor
