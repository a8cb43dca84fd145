// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF),
// the checksum of iSCSI (RFC 3720) and of S3's x-amz-checksum-crc32c. Slice-by-8 tables, built
// once at compile time; pure and thread-safe. OpenSSL has no CRC-32C, hence our own.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace s3mirror {

// Incremental: Crc32c c; c.Update(a); c.Update(b); c.value() == Crc32cOf(a + b).
class Crc32c {
 public:
  void Update(std::string_view data);
  std::uint32_t value() const { return ~state_; }

 private:
  std::uint32_t state_ = 0xFFFFFFFFu;
};

std::uint32_t Crc32cOf(std::string_view data);

// The 4 bytes of `crc` in big-endian order, as S3 and GCS encode it (then base64).
std::string Crc32cBytes(std::uint32_t crc);

}  // namespace s3mirror
