// The upload state machine of the executor (see executor.h for the stages).
#include <algorithm>

#include "s3/body_checksum.h"
#include "s3/etag.h"
#include "s3/xml.h"
#include "sync/execute/executor_engine.h"
#include "util/crypto.h"

namespace s3mirror::sync {

// Work to start, in order: parts of multipart uploads already under way (they hold an upload id
// and finish sooner), new uploads in plan order (HTML pages only once the assets have ended), then
// files to read again because they changed.
// Returns false when nothing can start now (nothing left, or the memory budget is full).
bool Engine::StartUploadWork() {
  while (!sending_.empty()) {
    auto it = uploads_.find(sending_.front());
    if (it == uploads_.end() || it->second.stage != UploadStage::kSendingParts ||
        it->second.next_part == it->second.parts.size()) {
      sending_.pop_front();
      continue;
    }
    return StartNextPart(it->second);
  }
  OfferAhead();
  const bool planned = next_planned_ < plan_.uploads.size() && !WaitingForAssets();
  if (!planned && restarts_.empty()) return false;
  const std::size_t id = planned ? next_planned_ : restarts_.front();
  const std::uint64_t size = files_[plan_.uploads[id].local_index].size;
  if (size < options_.multipart_threshold && !FitsBudget(size)) return false;
  if (planned) {
    ++next_planned_;
  } else {
    restarts_.pop_front();
  }
  return StartUpload(id);
}

// Website order: the first page starts only when no asset upload is left (each has ended, done
// or failed). Pages go up even when an asset failed: holding them back would let one unreadable
// or ever-changing file keep every page of the mirror stale; the failure is reported instead.
bool Engine::WaitingForAssets() {
  if (next_planned_ != plan_.first_page || next_planned_ == 0 || pages_started_) return false;
  if (!uploads_.empty()) return true;
  pages_started_ = true;
  if (result_.failed > 0) {
    env_.reporter.OnWarning(std::to_string(result_.failed) +
                            " asset upload(s) failed; uploading the HTML pages anyway (a page may "
                            "reference a failed file until the next run uploads it)");
  }
  return false;
}

bool Engine::StartUpload(std::size_t id) {
  Upload& upload = uploads_[id];
  if (upload.key.empty()) {
    upload.id = id;
    upload.local_index = plan_.uploads[id].local_index;
    upload.key = options_.prefix + files_[upload.local_index].path;
  }
  Result<FileStamp> stamp = env_.reader.Stat(Path(upload));
  const bool put = stamp && stamp->size < options_.multipart_threshold;
  if (!put && read_ahead_) read_ahead_->Take(id);  // read ahead for nothing: give the room back
  if (!stamp && stamp.error().kind == ErrorKind::kSourceChanged) {
    // Removed since the scan: nothing to upload; the next run's listing will see it gone.
    env_.reporter.OnWarning(Path(upload) + " vanished since the scan; not uploaded");
    uploads_.erase(id);
  } else if (!stamp) {
    FailUpload(id, stamp.error());
  } else if (put) {
    StartPut(upload, *stamp);
  } else {
    StartCreate(upload, *stamp);
  }
  return true;
}

// A read is usable when the file kept the stamp it had at stat time from before the first byte
// to after the last, and gave every byte asked for.
bool Engine::Usable(const FileBytes& read, const FileStamp& stamp, std::uint64_t length) const {
  return read.before == stamp && read.after == stamp && read.bytes.size() == length;
}

// Offers the planned single-PUT files after the one about to start to the read-ahead workers, in
// plan order, while they have room. Small files, multipart files (read part by part when sent)
// and files larger than the read-ahead's whole budget are read when they start. The workers
// start with the first file offered: a run with nothing to read ahead starts none.
void Engine::OfferAhead() {
  if (read_ahead_bytes_ == 0) return;
  next_offer_ = std::max(next_offer_, next_planned_ + 1);  // the next one starts now
  for (; next_offer_ < plan_.uploads.size(); ++next_offer_) {
    const LocalFile& file = files_[plan_.uploads[next_offer_].local_index];
    if (file.size < kMinReadAheadBytes || file.size >= options_.multipart_threshold ||
        file.size > read_ahead_bytes_) {
      continue;
    }
    if (!read_ahead_) {
      read_ahead_.emplace(env_.reader, ReadAheadOptions{.threads = options_.read_ahead_threads,
                                                        .max_bytes = read_ahead_bytes_,
                                                        .checksum = options_.checksum,
                                                        .payload_sha256 = options_.payload_sha256});
    }
    if (!read_ahead_->HasRoom(file.size)) return;
    read_ahead_->Offer(next_offer_, options_.local_dir + "/" + file.path, file.size);
  }
}

// The bytes and digests of a single PUT: read ahead when they were read under exactly `stamp`
// (the stat at the upload's start), else read now.
PreparedBody Engine::ReadForPut(const Upload& upload, const FileStamp& stamp) {
  std::optional<PreparedBody> ahead = read_ahead_ ? read_ahead_->Take(upload.id) : std::nullopt;
  if (ahead && ahead->read && Usable(*ahead->read, stamp, stamp.size)) return std::move(*ahead);
  return PrepareBody(env_.reader, Path(upload), stamp.size, options_.checksum,
                     options_.payload_sha256);
}

void Engine::StartPut(Upload& upload, const FileStamp& stamp) {
  // Both digests come from the one read of the file: MD5 for the ETag check and the hash cache,
  // the body checksum (often the same MD5) for the server.
  PreparedBody prepared = ReadForPut(upload, stamp);
  if (!prepared.read) return FailUpload(upload.id, prepared.read.error());
  if (!Usable(*prepared.read, stamp, stamp.size)) return OnSourceChanged(upload);
  auto body = std::make_shared<const std::string>(std::move(prepared.read->bytes));
  upload.stage = UploadStage::kPutting;
  memory_in_use_ += stamp.size;
  http::Request request =
      env_.builder.PutObject(upload.key, std::move(body), "", SettingsFor(upload));
  request.body_sha256_hex = std::move(prepared.sha256_hex);
  s3::AddBodyChecksum(request, prepared.checksum);
  Send(Exchange{.kind = ExchangeKind::kPut,
                .owner = upload.id,
                .request = std::move(request),
                .subject = Subject("PUT", upload.key),
                .memory = stamp.size,
                .md5 = std::move(prepared.md5),
                .stamp = stamp});
}

void Engine::StartCreate(Upload& upload, const FileStamp& stamp) {
  const std::uint64_t part_size = options_.part_size;
  const std::uint64_t count = std::max<std::uint64_t>(1, (stamp.size + part_size - 1) / part_size);
  if (count > kMaxParts) {
    return FailUpload(upload.id, Error{.kind = ErrorKind::kUsage,
                                       .message = upload.key + " needs " + std::to_string(count) +
                                                  " parts of --part-size, more than S3's 10,000; "
                                                  "raise --part-size"});
  }
  upload.stamp = stamp;
  upload.parts.assign(count, PartState{});
  for (std::uint64_t i = 0; i < count; ++i) {
    upload.parts[i].offset = i * part_size;
    upload.parts[i].length = std::min(part_size, stamp.size - i * part_size);
  }
  upload.next_part = upload.parts_done = 0;
  upload.upload_id.clear();
  upload.stage = UploadStage::kCreating;
  http::Request request = env_.builder.CreateMultipartUpload(upload.key, SettingsFor(upload));
  s3::AddChecksumAlgorithm(request, options_.checksum);
  Send(Exchange{.kind = ExchangeKind::kCreate,
                .owner = upload.id,
                .request = std::move(request),
                .subject = Subject("POST", upload.key) + "?uploads"});
}

bool Engine::StartNextPart(Upload& upload) {
  PartState& part = upload.parts[upload.next_part];
  if (!FitsBudget(part.length)) return false;
  Result<FileBytes> read = env_.reader.Read(Path(upload), part.offset, part.length);
  if (!read) {
    BeginAbort(upload, read.error(), false);
  } else if (!Usable(*read, upload.stamp, part.length)) {
    OnSourceChanged(upload);
  } else {
    part.md5 = Md5(read->bytes);
    part.checksum = s3::ComputeBodyChecksum(options_.checksum, read->bytes, part.md5);
    const int number = static_cast<int>(upload.next_part) + 1;
    auto body = std::make_shared<const std::string>(std::move(read->bytes));
    memory_in_use_ += part.length;
    http::Request request =
        env_.builder.UploadPart(upload.key, upload.upload_id, number, std::move(body), "");
    s3::AddBodyChecksum(request, part.checksum);
    Send(Exchange{.kind = ExchangeKind::kPart,
                  .owner = upload.id,
                  .part = upload.next_part++,
                  .request = std::move(request),
                  .subject = Subject("PUT", upload.key) + " part " + std::to_string(number),
                  .memory = part.length});
  }
  return true;
}

void Engine::StartComplete(Upload& upload) {
  std::vector<s3::CompletedPart> parts;
  for (std::size_t i = 0; i < upload.parts.size(); ++i) {
    parts.push_back({.number = static_cast<int>(i) + 1,
                     .etag = upload.parts[i].etag,
                     .checksum = upload.parts[i].checksum});
  }
  upload.stage = UploadStage::kCompleting;
  Send(
      Exchange{.kind = ExchangeKind::kComplete,
               .owner = upload.id,
               .request = env_.builder.CompleteMultipartUpload(upload.key, upload.upload_id, parts),
               .subject = Subject("POST", upload.key) + "?uploadId"});
}

// Stops a multipart upload: no further part starts, its waiting retries are dropped, and once no
// part of it is in flight AbortMultipartUpload is sent so that S3 frees the parts stored. A part
// in flight is let finish rather than cut off: S3 may still store a part whose body it had whole
// when the abort came, and such a part would stay stored, and billed, under an aborted upload.
void Engine::BeginAbort(Upload& upload, Error error, bool restart) {
  if (upload.stage == UploadStage::kAborting) return;
  std::erase_if(waiting_, [&](const Waiting& entry) {
    if (entry.exchange.owner != upload.id) return false;
    Release(entry.exchange);
    return true;
  });
  upload.failure = std::move(error);
  upload.restart_after_abort = restart;
  upload.stage = UploadStage::kAborting;
  SendAbortWhenSettled(upload);
}

// The abort of an aborting upload, sent when its last part in flight has ended.
void Engine::SendAbortWhenSettled(Upload& upload) {
  const bool part_in_flight = std::any_of(in_flight_.begin(), in_flight_.end(), [&](const auto& e) {
    return e.second.owner == upload.id && e.second.kind == ExchangeKind::kPart;
  });
  if (part_in_flight) return;
  if (upload.upload_id.empty()) return OnAborted(upload.id);
  Send(Exchange{.kind = ExchangeKind::kAbort,
                .owner = upload.id,
                .request = env_.builder.AbortMultipartUpload(upload.key, upload.upload_id),
                .subject = Subject("DELETE", upload.key) + "?uploadId"});
}

void Engine::OnAborted(std::size_t id) {
  Upload& upload = uploads_.at(id);
  if (upload.restart_after_abort && !Cancelled()) {
    upload.stage = UploadStage::kQueued;
    upload.parts.clear();
    upload.upload_id.clear();
    restarts_.push_back(id);
  } else if (upload.failure && upload.failure->kind == ErrorKind::kCancelled) {
    uploads_.erase(id);
  } else {
    FailUpload(id, upload.failure.value_or(Error{.message = "aborted"}));
  }
}

// The file changed while it was read: read it again later, up to max_source_changes times.
void Engine::OnSourceChanged(Upload& upload) {
  ++upload.source_changes;
  const bool again = upload.source_changes <= options_.max_source_changes;
  const Error error{.kind = ErrorKind::kSourceChanged,
                    .message = Path(upload) + " changed while it was read (" +
                               std::to_string(upload.source_changes) + " times); not uploaded"};
  if (upload.stage == UploadStage::kSendingParts) return BeginAbort(upload, error, again);
  if (!again) return FailUpload(upload.id, error);
  upload.stage = UploadStage::kQueued;
  restarts_.push_back(upload.id);
}

void Engine::FailUpload(std::size_t id, const Error& error) {
  auto it = uploads_.find(id);
  if (it == uploads_.end()) return;
  RecordError(it->second.key, error);
  uploads_.erase(it);
}

void Engine::FinishUpload(std::size_t id, const FileStamp& stamp, const FileDigest& digest) {
  auto it = uploads_.find(id);
  if (it == uploads_.end()) return;
  ++result_.uploaded;
  result_.bytes_uploaded += stamp.size;
  env_.reporter.OnUploaded(it->second.key, stamp.size);
  if (env_.cache != nullptr) env_.cache->Record(it->second.local_index, stamp, digest);
  RecordHeaders(it->second.local_index, SettingsFor(it->second));
  uploads_.erase(it);
}

}  // namespace s3mirror::sync
