#include "util/hashed_file.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace s3mirror {

bool HashingReader::Read(void* out, std::size_t length, bool hash) {
  auto* bytes = static_cast<char*>(out);
  while (length > 0) {
    if (position_ == buffer_.size() && !Fill()) return false;
    const std::size_t n = std::min(length, buffer_.size() - position_);
    std::memcpy(bytes, buffer_.data() + position_, n);
    if (hash) hash_.Update({buffer_.data() + position_, n});
    position_ += n, bytes += n, length -= n;
  }
  return true;
}

bool HashingReader::ReadLine(std::string& line) {
  line.clear();
  if (AtEnd()) return false;
  for (;;) {
    const char* start = buffer_.data() + position_;
    const std::size_t available = buffer_.size() - position_;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', available));
    const std::size_t taken =
        newline != nullptr ? static_cast<std::size_t>(newline - start) + 1 : available;
    hash_.Update({start, taken});
    line.append(start, newline != nullptr ? taken - 1 : taken);
    position_ += taken;
    if (newline != nullptr || AtEnd()) return true;
  }
}

bool HashingReader::AtEnd() { return position_ == buffer_.size() && !Fill(); }

bool HashingReader::Fill() {
  buffer_.resize(kHashedFileBuffer);
  ssize_t n;
  do n = ::read(fd_, buffer_.data(), buffer_.size());
  while (n < 0 && errno == EINTR);
  if (n < 0) error_ = errno;
  buffer_.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  position_ = 0;
  return n > 0;
}

// The buffer never grows past kHashedFileBuffer; a larger piece goes straight to the file.
void HashingWriter::Write(std::string_view bytes, bool hash) {
  if (error_ != 0) return;
  if (hash) hash_.Update(bytes);
  if (buffer_.size() + bytes.size() > kHashedFileBuffer && !Flush()) return;
  if (bytes.size() >= kHashedFileBuffer) {
    WriteOut(bytes);
    return;
  }
  if (buffer_.capacity() < kHashedFileBuffer) buffer_.reserve(kHashedFileBuffer);
  buffer_.append(bytes);
}

bool HashingWriter::Flush() {
  WriteOut(buffer_);
  buffer_.clear();
  return error_ == 0;
}

void HashingWriter::WriteOut(std::string_view bytes) {
  while (error_ == 0 && !bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno != EINTR) error_ = errno;
    if (n > 0) bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace s3mirror
