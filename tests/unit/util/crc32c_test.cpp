// Known-answer tests for CRC-32C: the check value of the CRC catalogue and RFC 3720 appendix B.4.
#include <catch2/catch.hpp>

#include <string>

#include "util/crc32c.h"
#include "util/crypto.h"

using namespace s3mirror;

TEST_CASE("Crc32cOf gives the catalogue check value for 123456789") {
  CHECK(Crc32cOf("123456789") == 0xE3069283u);
  CHECK(Crc32cOf("") == 0u);
}

TEST_CASE("Crc32cOf matches the iSCSI test vectors of RFC 3720") {
  std::string ascending, descending;
  for (int i = 0; i < 32; ++i) {
    ascending += static_cast<char>(i);
    descending += static_cast<char>(31 - i);
  }
  CHECK(Crc32cOf(std::string(32, '\0')) == 0x8A9136AAu);
  CHECK(Crc32cOf(std::string(32, '\xFF')) == 0x62A8AB43u);
  CHECK(Crc32cOf(ascending) == 0x46DD794Eu);
  CHECK(Crc32cOf(descending) == 0x113FDB5Cu);
}

TEST_CASE("Crc32c gives the same value however the data is split") {
  std::string data;
  for (int i = 0; i < 1000; ++i) data += static_cast<char>((i * 131 + 7) & 0xFF);
  const std::uint32_t whole = Crc32cOf(data);
  for (std::size_t split : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{8},
                            std::size_t{13}, std::size_t{999}}) {
    Crc32c crc;
    crc.Update(std::string_view(data).substr(0, split));
    crc.Update(std::string_view(data).substr(split));
    CHECK(crc.value() == whole);
  }
}

TEST_CASE("Crc32cBytes is big-endian, as x-amz-checksum-crc32c carries it") {
  CHECK(HexEncode(Crc32cBytes(0xE3069283u)) == "e3069283");
  CHECK(Base64Encode(Crc32cBytes(Crc32cOf("123456789"))) == "4waSgw==");
}
