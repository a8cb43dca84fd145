#include "s3/etag.h"

#include <catch2/catch.hpp>

#include "util/crypto.h"

namespace s3mirror::s3 {
namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

TEST_CASE("NormalizeEtag strips quotes and lower-cases") {
  CHECK(NormalizeEtag("\"D41D8CD98F00B204E9800998ECF8427E\"") ==
        "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(NormalizeEtag("\"abc-12\"") == "abc-12");
  CHECK(NormalizeEtag("abc") == "abc");
  CHECK(NormalizeEtag("").empty());
}

TEST_CASE("EtagPartCount reads the count after the dash and 0 for single-part ETags") {
  CHECK(EtagPartCount("\"3858f62230ac3c915f300c664312c11f-37\"") == 37);
  CHECK(EtagPartCount("3858f62230ac3c915f300c664312c11f-1") == 1);
  CHECK(EtagPartCount("d41d8cd98f00b204e9800998ecf8427e") == 0);
  CHECK(EtagPartCount("abc-") == 0);
  CHECK(EtagPartCount("abc-x2") == 0);
  CHECK(EtagPartCount("abc-0") == 0);
}

TEST_CASE("MultipartEtag is the MD5 of the concatenated part MD5s with the part count") {
  const std::vector<std::string> parts = {Md5("part one"), Md5("part two"), Md5("3")};
  CHECK(MultipartEtag(parts) == "4b83ed3e5b720e655a5aff4a52c8d7b0-3");
  CHECK(MultipartEtag({Md5("")}) == "59adb24ef3cdbe0297f05b395827453f-1");
}

TEST_CASE("CandidatePartSizes puts the preferred size first and keeps only sizes that fit") {
  // 100 MiB in 13 parts: 8 MiB gives 13 (12.5 rounded up); 16 MiB would give 7.
  const auto candidates = CandidatePartSizes(100 * kMiB, 13, 8 * kMiB);
  REQUIRE_FALSE(candidates.empty());
  CHECK(candidates.front() == 8 * kMiB);
  CHECK(std::count(candidates.begin(), candidates.end(), 8 * kMiB) == 1);
  for (std::uint64_t size : candidates) CHECK((100 * kMiB + size - 1) / size == 13);
}

TEST_CASE("CandidatePartSizes finds s3cmd's 15 MiB parts when ours do not match") {
  // 100 MiB in 7 parts: 15 MiB (s3cmd) and 16 MiB both give 7; our 8 MiB does not.
  const auto candidates = CandidatePartSizes(100 * kMiB, 7, 8 * kMiB);
  REQUIRE(candidates.size() == 2);
  CHECK(candidates[0] == 15 * kMiB);
  CHECK(candidates[1] == 16 * kMiB);
}

TEST_CASE("CandidatePartSizes finds power-of-two sizes and nothing for impossible counts") {
  const auto candidates = CandidatePartSizes(1000 * kMiB, 4, 8 * kMiB);
  REQUIRE(candidates.size() == 1);
  CHECK(candidates[0] == 256 * kMiB);
  CHECK(CandidatePartSizes(10 * kMiB, 500, 8 * kMiB).empty());
  CHECK(CandidatePartSizes(10 * kMiB, 0, 8 * kMiB).empty());
}

TEST_CASE("Etag keeps a single-part ETag as its 16 MD5 bytes") {
  const Etag etag = "\"0123456789ABCDEF0123456789abcdef\"";
  CHECK(etag.is_md5());
  CHECK(etag.parts() == 0);
  CHECK(etag.md5()[0] == 0x01);
  CHECK(etag.md5()[15] == 0xef);
  CHECK(etag.ToString() == "0123456789abcdef0123456789abcdef");
  CHECK(etag == Etag("0123456789abcdef0123456789abcdef"));
  CHECK(sizeof(Etag) <= 24);
}

TEST_CASE("Etag keeps a multipart ETag's MD5 and part count") {
  const Etag etag = std::string("d41d8cd98f00b204e9800998ecf8427e-12");
  CHECK(etag.is_md5());
  CHECK(etag.parts() == 12);
  CHECK(etag.ToString() == "d41d8cd98f00b204e9800998ecf8427e-12");
  CHECK_FALSE(etag == Etag("d41d8cd98f00b204e9800998ecf8427e"));
}

TEST_CASE("Etag treats other forms as opaque, equal to no MD5") {
  for (const char* text :
       {"abc", "d41d8cd98f00b204e9800998ecf8427", "d41d8cd98f00b204e9800998ecf8427g",
        "d41d8cd98f00b204e9800998ecf8427e-", "d41d8cd98f00b204e9800998ecf8427e-0",
        "d41d8cd98f00b204e9800998ecf8427e-012", "d41d8cd98f00b204e9800998ecf8427e-x",
        "d41d8cd98f00b204e9800998ecf8427e0", "d41d8cd98f00b204e9800998ecf8427e-99999999999"}) {
    INFO(text);
    CHECK_FALSE(Etag(text).is_md5());
    CHECK(Etag(text).ToString().empty());
    CHECK_FALSE(Etag(text).empty());
  }
  CHECK(Etag("").empty());
  CHECK(Etag("\"\"").empty());
}

TEST_CASE("Etag tells opaque ETags apart by their text, and from every MD5 ETag") {
  const Etag a = "\"abc-1\"";
  CHECK(a == Etag("ABC-1"));  // quotes and case do not count, as for MD5 ETags
  CHECK_FALSE(a == Etag("abc-2"));
  CHECK_FALSE(a == Etag(""));
  // The MD5 of the opaque text is kept, but as opaque: not equal to that MD5 as an ETag.
  CHECK_FALSE(a == Etag(HexEncode(Md5("abc-1"))));
}

TEST_CASE("Etag::Restore gives back an ETag from its stored parts") {
  for (const char* text :
       {"0123456789abcdef0123456789abcdef", "d41d8cd98f00b204e9800998ecf8427e-12", "opaque"}) {
    INFO(text);
    const Etag etag = text;
    CHECK(Etag::Restore(etag.md5(), etag.parts(), etag.is_md5()) == etag);
  }
}

}  // namespace
}  // namespace s3mirror::s3
