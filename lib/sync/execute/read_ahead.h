// ReadAhead: the executor's file reads and hashing, done ahead on worker threads. The driver loop
// is one thread; reading a file and computing its MD5 (and, when payloads are signed, its SHA-256)
// on that thread stops every other exchange meanwhile: a 40 MB PDF holds the loop for ~80 ms. The
// executor offers the files it will PUT next, in plan order; the workers read and hash them; when
// an upload starts, Take() hands over the prepared body. Only files of kMinReadAheadBytes and more
// are offered: a small page is hashed in tens of microseconds, less than handing it to a worker
// and back costs.
//
// Each prepared body is what a synchronous read would have given (FileReader::Read, with its
// before/after stamps), so the executor's change detection is unchanged: it stats the file when
// the upload starts and uses the body only when both stamps equal that stat. A file that changed
// in between is read again, synchronously.
//
// Bounded: at most `max_files` offered files not yet taken and `max_bytes` of their bytes (the
// executor offers no file larger than `max_bytes`). Workers share a mutex-guarded queue; results
// are handed over under the same mutex. Offer, HasRoom and Take belong to one thread (the driver
// loop). The reader must be safe to call from several threads (PosixFileReader is).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "s3/types.h"
#include "sync/content/file_reader.h"
#include "util/result.h"

namespace s3mirror::sync {

inline constexpr std::uint64_t kMinReadAheadBytes = 256 << 10;

struct ReadAheadOptions {
  int threads = 2;
  std::size_t max_files = 128;
  std::uint64_t max_bytes = 64ull << 20;
  s3::ChecksumAlgorithm checksum = s3::ChecksumAlgorithm::kMd5;
  bool payload_sha256 = false;  // also the body's hex SHA-256 (payloads signed over http)
};

struct PreparedBody {
  Result<FileBytes> read{FileBytes{}};
  std::string md5{};            // binary MD5 of read->bytes (when the read succeeded)
  s3::BodyChecksum checksum{};  // per ReadAheadOptions::checksum
  std::string sha256_hex{};     // when payload_sha256
};

// Reads `length` bytes of `path` and hashes them as ReadAheadOptions says (also the synchronous
// path of the executor).
PreparedBody PrepareBody(FileReader& reader, const std::string& path, std::uint64_t length,
                         s3::ChecksumAlgorithm checksum, bool payload_sha256);

class ReadAhead {
 public:
  ReadAhead(FileReader& reader, const ReadAheadOptions& options);
  ~ReadAhead();  // drops what is queued, waits for the reads under way
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // True when there is room for a file of `size` bytes now (then Offer it or stop offering).
  bool HasRoom(std::uint64_t size) const;
  // Queues upload `id`: `length` bytes from the start of `path`. Requires: HasRoom(length), and
  // `id` not offered before (unless taken since).
  void Offer(std::size_t id, std::string path, std::uint64_t length);
  // The prepared body of `id`. Waits when a worker is reading it; nullopt when it was never
  // offered or not started yet (it is withdrawn: the caller reads it itself).
  std::optional<PreparedBody> Take(std::size_t id);

 private:
  struct Job {
    std::size_t id = 0;
    std::string path{};
    std::uint64_t length = 0;
  };
  enum class State { kQueued, kReading, kDone };
  struct Entry {
    State state = State::kQueued;
    std::uint64_t length = 0;
    std::optional<PreparedBody> body{};
  };

  void Work();

  FileReader& reader_;
  const ReadAheadOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable body_ready_;
  std::deque<Job> queue_{};
  std::unordered_map<std::size_t, Entry> entries_{};
  std::uint64_t bytes_ = 0;  // of every entry
  bool stopping_ = false;
  std::vector<std::thread> workers_{};
};

}  // namespace s3mirror::sync
