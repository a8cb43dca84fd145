// Streaming access to binary state files that end in an MD5 of every byte before it (the hash
// cache, the header record): a buffered reader and writer that hash what passes through. Neither
// holds more than one 1 MiB buffer, however large the file (write through AtomicFile, util/file.h,
// to replace a file atomically). Integers are little-endian. Not thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

#include "util/crypto.h"

namespace s3mirror {

inline constexpr std::size_t kHashedFileBuffer = std::size_t{1} << 20;

// Reads `fd` (not owned) through a 1 MiB buffer, hashing every byte it hands out unless asked not
// to (for the stored checksum itself).
class HashingReader {
 public:
  explicit HashingReader(int fd) : fd_(fd) {}
  // Exactly `length` bytes into `out`; false at end of file or on error (error() tells which).
  bool Read(void* out, std::size_t length, bool hash = true);
  template <typename T>
  bool ReadInt(T& value) {
    unsigned char raw[sizeof(T)];
    if (!Read(raw, sizeof raw)) return false;
    std::make_unsigned_t<T> v = 0;
    for (std::size_t i = sizeof raw; i > 0; --i)
      v = static_cast<decltype(v)>((v << 8) | raw[i - 1]);
    value = static_cast<T>(v);
    return true;
  }
  // The bytes up to the next '\n' (which is consumed, not kept) or the end of the file; false
  // when no byte was left (or reading failed).
  bool ReadLine(std::string& line);
  bool AtEnd();  // true when no byte is left (or reading failed)
  std::string FinishMd5() { return hash_.FinishMd5(); }  // binary MD5 of what Read hashed; once
  int error() const { return error_; }                   // errno of a failed read; 0: none

 private:
  bool Fill();
  int fd_;
  std::string buffer_;
  std::size_t position_ = 0;
  int error_ = 0;
  StreamingHash hash_;
};

// Writes to `fd` (not owned) through a 1 MiB buffer, hashing everything unless asked not to.
// After a failed write, further writes are dropped and Flush() stays false.
class HashingWriter {
 public:
  explicit HashingWriter(int fd) : fd_(fd) {}
  void Write(std::string_view bytes, bool hash = true);
  template <typename T>
  void WriteInt(T value) {
    auto v = static_cast<std::make_unsigned_t<T>>(value);
    char raw[sizeof(T)];
    for (char& byte : raw) {
      byte = static_cast<char>(v & 0xFF);
      v = static_cast<decltype(v)>(v >> 8);
    }
    Write({raw, sizeof raw});
  }
  std::string FinishMd5() { return hash_.FinishMd5(); }  // binary MD5 of what Write hashed; once
  bool Flush();                                          // false (errno in error()) on failure
  int error() const { return error_; }

 private:
  void WriteOut(std::string_view bytes);  // straight to the file; sets error_ on failure
  int fd_;
  std::string buffer_;
  int error_ = 0;
  StreamingHash hash_;
};

}  // namespace s3mirror
