// Known-answer tests for the hashes and encodings SigV4 and ETags are built on.
#include <catch2/catch.hpp>

#include "util/crypto.h"
#include "util/uri.h"

using namespace s3mirror;

TEST_CASE("Md5 and Sha256 match the published test vectors") {
  CHECK(HexEncode(Md5("")) == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(HexEncode(Md5("abc")) == "900150983cd24fb0d6963f7d28e17f72");
  CHECK(HexEncode(Sha256("abc")) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(HexEncode(Sha256("")) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("HmacSha256 matches RFC 4231 test case 2") {
  CHECK(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("Base64Encode pads to a multiple of four") {
  CHECK(Base64Encode("") == "");
  CHECK(Base64Encode("fo") == "Zm8=");
  CHECK(Base64Encode("foobar") == "Zm9vYmFy");
  CHECK(Base64Encode(Md5("")) == "1B2M2Y8AsgTpgAmY7PhCfg==");
}

TEST_CASE("HexDecode reverses HexEncode and rejects invalid input") {
  CHECK(HexDecode("0aff") == std::string("\x0a\xff", 2));
  CHECK(HexDecode("0AFF") == std::string("\x0a\xff", 2));
  CHECK(HexDecode("zz").empty());
  CHECK(HexDecode("abc").empty());
}

TEST_CASE("StreamingHash over chunks equals the hash of the whole") {
  StreamingHash hash(/*with_sha256=*/true);
  hash.Update("Welcome to ");
  hash.Update("");
  hash.Update("Amazon S3.");
  CHECK(hash.FinishMd5() == Md5("Welcome to Amazon S3."));
  CHECK(HexEncode(hash.FinishSha256()) ==
        "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
}

TEST_CASE("UriEncode keeps only unreserved characters and optionally the slash") {
  CHECK(UriEncode("a b/c~d-e_f.g", true) == "a%20b/c~d-e_f.g");
  CHECK(UriEncode("a b/c", false) == "a%20b%2Fc");
  CHECK(UriEncode("+=&*'%$", false) == "%2B%3D%26%2A%27%25%24");
  CHECK(UriEncode("caf\xC3\xA9", false) == "caf%C3%A9");
}

TEST_CASE("UriDecode decodes escapes and keeps invalid ones") {
  CHECK(UriDecode("a%20b%2Fc") == "a b/c");
  CHECK(UriDecode("%zz%4") == "%zz%4");
  CHECK(UriDecode("a+b") == "a+b");
  CHECK(UriDecode("a+b", /*plus_is_space=*/true) == "a b");
  CHECK(UriDecode("caf%c3%a9") == "caf\xC3\xA9");
}
