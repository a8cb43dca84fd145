#include "sync/content/file_hasher.h"

#include <unistd.h>

#include <cerrno>
#include <memory>

#include "util/crypto.h"

namespace s3mirror::sync {
namespace {

constexpr std::size_t kChunkSize = 1 << 20;

// Digest of one multipart layout, fed the file's bytes in order.
//   multipart digest = MD5(MD5(part 1) || MD5(part 2) || ...)
class PartHasher {
 public:
  explicit PartHasher(std::uint64_t part_size) : part_size_(part_size) {}

  void Update(std::string_view data) {
    while (!data.empty()) {
      if (!current_) current_ = std::make_unique<StreamingHash>();
      const std::uint64_t room = part_size_ - in_part_;
      const std::size_t n = data.size() < room ? data.size() : static_cast<std::size_t>(room);
      current_->Update(data.substr(0, n));
      data.remove_prefix(n);
      in_part_ += n;
      if (in_part_ == part_size_) FinishPart();
    }
  }

  FileDigest Finish() {
    if (current_ || part_md5s_.empty()) FinishPart();  // last partial part; empty file: one part
    return FileDigest{.multipart_md5 = ToMd5Bytes(Md5(part_md5s_)),
                      .parts = static_cast<std::uint32_t>(part_md5s_.size() / 16)};
  }

 private:
  void FinishPart() {
    if (!current_) current_ = std::make_unique<StreamingHash>();
    part_md5s_ += current_->FinishMd5();
    current_.reset();
    in_part_ = 0;
  }

  std::uint64_t part_size_;
  std::uint64_t in_part_ = 0;
  std::unique_ptr<StreamingHash> current_;
  std::string part_md5s_;  // binary MD5s, 16 bytes each
};

class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ~ScopedFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

Result<HashedFile> HashFile(const std::string& path, const std::vector<std::uint64_t>& part_sizes,
                            bool follow_symlinks) {
  ScopedFd fd(OpenForReading(path, follow_symlinks));
  if (fd.get() < 0) return Fail(FileError(path, "open", errno));
  FileStamp before, after;
  if (!StampFromFd(fd.get(), before)) return Fail(FileError(path, "stat", errno));
  StreamingHash whole;
  std::vector<PartHasher> parts;
  for (const std::uint64_t size : part_sizes) parts.emplace_back(size);
  std::string buffer(kChunkSize, '\0');
  std::uint64_t offset = 0;
  for (;;) {
    const ssize_t n = ::pread(fd.get(), buffer.data(), buffer.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Fail(FileError(path, "read", errno));
    if (n == 0) break;
    const std::string_view data(buffer.data(), static_cast<std::size_t>(n));
    whole.Update(data);
    for (PartHasher& part : parts) part.Update(data);
    offset += static_cast<std::uint64_t>(n);
  }
  if (!StampFromFd(fd.get(), after)) return Fail(FileError(path, "stat", errno));
  if (before != after || offset != before.size) {
    return Fail(ErrorKind::kSourceChanged, path + " changed while it was read");
  }
  HashedFile hashed{.stamp = before,
                    .digest = FileDigest{.md5 = ToMd5Bytes(whole.FinishMd5()), .has_md5 = true}};
  for (PartHasher& part : parts) hashed.multipart.push_back(part.Finish());
  return hashed;
}

}  // namespace s3mirror::sync
