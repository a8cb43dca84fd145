#include "util/crc32c.h"

#include <array>

namespace s3mirror {
namespace {

constexpr std::uint32_t kPolynomial = 0x82F63B78u;  // 0x1EDC6F41 bit-reversed

using Tables = std::array<std::array<std::uint32_t, 256>, 8>;

// tables[0] is the byte-at-a-time table; tables[k][b] is the CRC of byte b followed by k zero
// bytes, so eight bytes can be folded with eight lookups (slice-by-8).
constexpr Tables MakeTables() {
  Tables tables{};
  for (std::uint32_t byte = 0; byte < 256; ++byte) {
    std::uint32_t crc = byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1u) != 0 ? kPolynomial : 0u);
    tables[0][byte] = crc;
  }
  for (std::size_t k = 1; k < 8; ++k) {
    for (std::size_t byte = 0; byte < 256; ++byte) {
      const std::uint32_t previous = tables[k - 1][byte];
      tables[k][byte] = (previous >> 8) ^ tables[0][previous & 0xFFu];
    }
  }
  return tables;
}

constexpr Tables kTables = MakeTables();

std::uint32_t Byte(std::string_view data, std::size_t i) {
  return static_cast<unsigned char>(data[i]);
}

}  // namespace

void Crc32c::Update(std::string_view data) {
  std::uint32_t crc = state_;
  std::size_t i = 0;
  // Eight bytes at a time, read byte by byte (no alignment or endianness assumptions).
  for (; i + 8 <= data.size(); i += 8) {
    const std::uint32_t low = crc ^ (Byte(data, i) | Byte(data, i + 1) << 8 |
                                     Byte(data, i + 2) << 16 | Byte(data, i + 3) << 24);
    crc = kTables[7][low & 0xFFu] ^ kTables[6][(low >> 8) & 0xFFu] ^
          kTables[5][(low >> 16) & 0xFFu] ^ kTables[4][low >> 24] ^ kTables[3][Byte(data, i + 4)] ^
          kTables[2][Byte(data, i + 5)] ^ kTables[1][Byte(data, i + 6)] ^
          kTables[0][Byte(data, i + 7)];
  }
  for (; i < data.size(); ++i) crc = (crc >> 8) ^ kTables[0][(crc ^ Byte(data, i)) & 0xFFu];
  state_ = crc;
}

std::uint32_t Crc32cOf(std::string_view data) {
  Crc32c crc;
  crc.Update(data);
  return crc.value();
}

std::string Crc32cBytes(std::uint32_t crc) {
  std::string bytes(4, '\0');
  for (int i = 0; i < 4; ++i)
    bytes[static_cast<std::size_t>(i)] = static_cast<char>(crc >> (24 - 8 * i));
  return bytes;
}

}  // namespace s3mirror
