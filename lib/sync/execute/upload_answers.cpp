// How the executor acts on the answer to each upload request (see executor.h).
#include "s3/etag.h"
#include "s3/xml.h"
#include "sync/execute/executor_engine.h"
#include "util/crypto.h"

namespace s3mirror::sync {

std::string Engine::Path(const Upload& upload) const {
  return options_.local_dir + "/" + files_[upload.local_index].path;
}

s3::ObjectSettings Engine::SettingsFor(const Upload& upload) const {
  return SettingsForFile(upload.local_index);
}

namespace {

// True when the answer says the object is stored with SSE-KMS or SSE-C (asked for, or the bucket's
// default encryption): S3 then gives an ETag that is not the MD5 of the content.
bool EtagIsNotAnMd5(const http::Response& response) {
  const std::string* sse = response.HeaderValue("x-amz-server-side-encryption");
  return (sse != nullptr && sse->rfind("aws:kms", 0) == 0) ||
         response.HeaderValue("x-amz-server-side-encryption-customer-algorithm") != nullptr;
}

// `digest` plus the ETag the server gave its upload, when that ETag is not one `digest` predicts.
FileDigest WithUploadEtag(FileDigest digest, const std::string* etag) {
  if (etag == nullptr) return digest;
  const s3::Etag returned(*etag);
  if (!digest.MatchesEtag(returned)) digest.upload_etag = returned;
  return digest;
}

}  // namespace

// S3 answers a PUT (and UploadPart) with the MD5 of what it stored as the ETag: anything else
// means the object is not the bytes we sent. Except under SSE-KMS and SSE-C, whose ETags are not
// MD5s (the body is still checked by the server against its Content-MD5 or checksum header).
std::optional<Error> Engine::CheckEtag(const Exchange& exchange, const http::Response& response,
                                       std::string_view expected_md5) const {
  if (!options_.verify_etag || EtagIsNotAnMd5(response)) return std::nullopt;
  const std::string* etag = response.HeaderValue("ETag");
  const std::string got = etag != nullptr ? s3::NormalizeEtag(*etag) : std::string("(none)");
  const std::string want = HexEncode(expected_md5);
  if (got == want) return std::nullopt;
  return Error{.kind = ErrorKind::kInternal,
               .message = exchange.subject + ": the returned ETag " + got +
                          " is not the MD5 of the bytes sent (" + want + ")",
               .http_status = static_cast<int>(response.status)};
}

void Engine::OnUploadDone(const Exchange& exchange, const http::Response& response) {
  Release(exchange);
  auto it = uploads_.find(exchange.owner);
  if (it == uploads_.end()) return;
  Upload& upload = it->second;
  switch (exchange.kind) {
    case ExchangeKind::kPut: {
      if (auto error = CheckEtag(exchange, response, exchange.md5)) {
        return FailUpload(upload.id, *error);
      }
      return FinishUpload(
          upload.id, exchange.stamp,
          WithUploadEtag(FileDigest{.md5 = ToMd5Bytes(exchange.md5), .has_md5 = true},
                         response.HeaderValue("ETag")));
    }
    case ExchangeKind::kCreate: {
      Result<std::string> upload_id = s3::ParseUploadId(response.body);
      if (!upload_id) return FailUpload(upload.id, upload_id.error());
      upload.upload_id = std::move(upload_id).value();
      if (Cancelled()) {
        return BeginAbort(upload, Error{.kind = ErrorKind::kCancelled, .message = "interrupted"},
                          false);
      }
      upload.stage = UploadStage::kSendingParts;
      sending_.push_back(upload.id);
      return;
    }
    case ExchangeKind::kPart: {
      if (upload.stage == UploadStage::kAborting) return SendAbortWhenSettled(upload);
      PartState& part = upload.parts[exchange.part];
      if (auto error = CheckEtag(exchange, response, part.md5)) {
        return BeginAbort(upload, *error, false);
      }
      const std::string* etag = response.HeaderValue("ETag");
      part.etag = etag != nullptr ? s3::NormalizeEtag(*etag) : HexEncode(part.md5);
      part.done = true;
      env_.reporter.OnBytesSent(part.length);
      if (++upload.parts_done == upload.parts.size()) StartComplete(upload);
      return;
    }
    case ExchangeKind::kComplete:
      return OnCompleted(upload, response);
    case ExchangeKind::kAbort:
      return OnAborted(upload.id);
    case ExchangeKind::kDelete:
    case ExchangeKind::kHead:
    case ExchangeKind::kCopy:
      return;
  }
}

// The object now exists; its ETag must be the multipart ETag of the parts we sent.
//   ETag = hex(MD5(MD5(part 1) || ... || MD5(part N))) + "-" + N
void Engine::OnCompleted(Upload& upload, const http::Response& response) {
  std::vector<std::string> part_md5s;
  for (const PartState& part : upload.parts) part_md5s.push_back(part.md5);
  const std::string expected = s3::MultipartEtag(part_md5s);
  Result<std::string> etag = s3::ParseCompleteMultipartUpload(response.body);
  if (!etag) {
    Error error = std::move(etag).error();
    error.message = Subject("POST", upload.key) + ": " + error.message;
    return FailUpload(upload.id, std::move(error));
  }
  if (options_.verify_etag && !EtagIsNotAnMd5(response) && s3::NormalizeEtag(*etag) != expected) {
    const std::string got = s3::NormalizeEtag(*etag);
    return FailUpload(
        upload.id,
        Error{.kind = ErrorKind::kInternal,
              .message = Subject("POST", upload.key) + ": the returned ETag " + got +
                         " is not the multipart ETag of the parts sent (" + expected + ")"});
  }
  std::string concatenated;
  for (const std::string& md5 : part_md5s) concatenated += md5;
  FinishUpload(upload.id, upload.stamp,
               WithUploadEtag(FileDigest{.multipart_md5 = ToMd5Bytes(Md5(concatenated)),
                                         .parts = static_cast<std::uint32_t>(part_md5s.size())},
                              &*etag));
}

void Engine::OnUploadFailed(const Exchange& exchange, const Error& error) {
  auto it = uploads_.find(exchange.owner);
  if (it == uploads_.end()) return;
  Upload& upload = it->second;
  switch (exchange.kind) {
    case ExchangeKind::kPut:
    case ExchangeKind::kCreate:
      if (error.kind == ErrorKind::kCancelled) {
        uploads_.erase(it);  // given up because of the cancel: neither done nor failed
        return;
      }
      return FailUpload(upload.id, error);
    case ExchangeKind::kPart:
      if (upload.stage == UploadStage::kAborting) return SendAbortWhenSettled(upload);
      return BeginAbort(upload, error, false);
    case ExchangeKind::kComplete:
      return BeginAbort(upload, error, false);
    case ExchangeKind::kAbort:
      env_.reporter.OnWarning("could not abort the multipart upload of " + upload.key +
                              " (upload id " + upload.upload_id + "): " + error.message +
                              "; its parts stay stored until a lifecycle rule removes them");
      return OnAborted(upload.id);
    case ExchangeKind::kDelete:
    case ExchangeKind::kHead:
    case ExchangeKind::kCopy:
      return;
  }
}

}  // namespace s3mirror::sync
