// Header repairs in the executor (see executor.h): an object whose headers are wrong is fixed with
// a metadata-only CopyObject onto itself; with check_first it is HEAD'ed first.
#include <string>

#include "s3/etag.h"
#include "sync/execute/executor_engine.h"

namespace s3mirror::sync {
namespace {

constexpr std::uint64_t kMaxCopySize = 5ull << 30;  // S3's limit for CopyObject in one request

}  // namespace

s3::ObjectSettings Engine::SettingsForFile(std::size_t local_index) const {
  const std::string& path = files_[local_index].path;
  if (options_.headers != nullptr) return options_.headers->For(path);
  s3::ObjectSettings settings = options_.settings;
  if (options_.content_types != nullptr) {
    settings.content_type = std::string(options_.content_types->For(path));
  }
  return settings;
}

void Engine::RecordHeaders(std::size_t local_index, const s3::ObjectSettings& settings) {
  if (env_.header_record == nullptr || local_index >= env_.header_record->fingerprints.size()) {
    return;
  }
  env_.header_record->fingerprints[local_index] = HeaderFingerprint(settings);
}

bool Engine::StartRepairWork() {
  if (next_repair_ >= plan_.header_repairs.size()) return false;
  const std::size_t index = next_repair_++;
  const HeaderRepair& repair = plan_.header_repairs[index];
  const std::string key = options_.prefix + files_[repair.local_index].path;
  if (!repair.check_first) {
    StartCopy(index);
    return true;
  }
  ++result_.headers_checked;
  Send(Exchange{.kind = ExchangeKind::kHead,
                .owner = index,
                .request = env_.builder.HeadObject(key),
                .subject = Subject("HEAD", key)});
  return true;
}

void Engine::StartCopy(std::size_t index) {
  const HeaderRepair& repair = plan_.header_repairs[index];
  const std::string key = options_.prefix + files_[repair.local_index].path;
  if (repair.size > kMaxCopySize) {
    ++result_.headers_too_large;
    env_.reporter.OnWarning("cannot fix the headers of " + key +
                            ": it is over 5 GiB, more than S3 copies in one request; upload it "
                            "again to change its headers");
    return;
  }
  Send(Exchange{.kind = ExchangeKind::kCopy,
                .owner = index,
                .request = env_.builder.CopyObjectOntoItself(key, repair.etag,
                                                             SettingsForFile(repair.local_index)),
                .subject = Subject("COPY", key)});
}

void Engine::OnRepairDone(const Exchange& exchange, const http::Response& response) {
  const HeaderRepair& repair = plan_.header_repairs[exchange.owner];
  const s3::ObjectSettings desired = SettingsForFile(repair.local_index);
  if (exchange.kind == ExchangeKind::kHead) {
    if (HeaderFingerprint(StoredHeaders(response)) == HeaderFingerprint(desired)) {
      return RecordHeaders(repair.local_index, desired);
    }
    return StartCopy(exchange.owner);
  }
  // S3 may answer a copy with 200 and an <Error> document when it fails after it has started.
  if (response.body.find("<Error>") != std::string::npos) {
    return OnFailure(Exchange(exchange),
                     Error{.kind = ErrorKind::kServer,
                           .message = exchange.subject + ": the copy failed: " + response.body,
                           .http_status = static_cast<int>(response.status)});
  }
  ++result_.headers_fixed;
  RecordHeaders(repair.local_index, desired);
}

// A HEAD that finds no object: it was deleted since the listing; nothing to fix. Every other
// failure (and every failed copy) is a failed key.
void Engine::OnRepairFailed(const Exchange& exchange, const Error& error) {
  const HeaderRepair& repair = plan_.header_repairs[exchange.owner];
  const std::string key = options_.prefix + files_[repair.local_index].path;
  if (error.kind == ErrorKind::kCancelled) return;
  if (exchange.kind == ExchangeKind::kHead && error.kind == ErrorKind::kNotFound) {
    env_.reporter.OnWarning(key + " vanished since the listing; its headers were not checked");
    return;
  }
  RecordError(key, error);
}

}  // namespace s3mirror::sync
