#include "sync/execute/read_ahead.h"

#include "s3/body_checksum.h"
#include "util/crypto.h"

namespace s3mirror::sync {

PreparedBody PrepareBody(FileReader& reader, const std::string& path, std::uint64_t length,
                         s3::ChecksumAlgorithm checksum, bool payload_sha256) {
  PreparedBody prepared{.read = reader.Read(path, 0, length)};
  if (!prepared.read) return prepared;
  const std::string& bytes = prepared.read->bytes;
  prepared.md5 = Md5(bytes);
  prepared.checksum = s3::ComputeBodyChecksum(checksum, bytes, prepared.md5);
  if (payload_sha256) prepared.sha256_hex = HexEncode(Sha256(bytes));
  return prepared;
}

ReadAhead::ReadAhead(FileReader& reader, const ReadAheadOptions& options)
    : reader_(reader), options_(options) {
  for (int i = 0; i < options_.threads; ++i) workers_.emplace_back([this] { Work(); });
}

ReadAhead::~ReadAhead() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  work_ready_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

bool ReadAhead::HasRoom(std::uint64_t size) const {
  std::lock_guard lock(mutex_);
  return !workers_.empty() && entries_.size() < options_.max_files &&
         bytes_ + size <= options_.max_bytes;
}

void ReadAhead::Offer(std::size_t id, std::string path, std::uint64_t length) {
  {
    std::lock_guard lock(mutex_);
    entries_[id] = Entry{.length = length};
    bytes_ += length;
    queue_.push_back(Job{.id = id, .path = std::move(path), .length = length});
  }
  work_ready_.notify_one();
}

std::optional<PreparedBody> ReadAhead::Take(std::size_t id) {
  std::unique_lock lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.state == State::kQueued) {
    std::erase_if(queue_, [id](const Job& job) { return job.id == id; });
  } else {
    // Only this thread adds or removes entries, so `it` stays valid while the worker finishes.
    body_ready_.wait(lock, [&] { return it->second.state == State::kDone; });
  }
  std::optional<PreparedBody> body = std::move(it->second.body);
  bytes_ -= it->second.length;
  entries_.erase(it);
  return body;
}

void ReadAhead::Work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    entries_.at(job.id).state = State::kReading;
    lock.unlock();
    PreparedBody body =
        PrepareBody(reader_, job.path, job.length, options_.checksum, options_.payload_sha256);
    lock.lock();
    Entry& entry = entries_.at(job.id);
    entry.body = std::move(body);
    entry.state = State::kDone;
    body_ready_.notify_all();
  }
}

}  // namespace s3mirror::sync
