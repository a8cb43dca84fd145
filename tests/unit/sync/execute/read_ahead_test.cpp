#include "sync/execute/read_ahead.h"

#include <catch2/catch.hpp>

#include "support/temp_dir.h"
#include "util/crypto.h"

namespace s3mirror::sync {

TEST_CASE("PrepareBody reads a file and gives its MD5, body checksum and payload SHA-256") {
  testing::TempDir dir;
  dir.WriteFile("a.html", "<p>hello</p>");
  PosixFileReader reader;
  const PreparedBody body =
      PrepareBody(reader, dir.Join("a.html"), 12, s3::ChecksumAlgorithm::kCrc32c, true);
  REQUIRE(body.read.has_value());
  CHECK(body.read->bytes == "<p>hello</p>");
  CHECK(body.read->before == body.read->after);
  CHECK(body.md5 == Md5("<p>hello</p>"));
  CHECK(body.checksum.algorithm == s3::ChecksumAlgorithm::kCrc32c);
  CHECK_FALSE(body.checksum.value_base64.empty());
  CHECK(body.sha256_hex == HexEncode(Sha256("<p>hello</p>")));
  const PreparedBody unsigned_body =
      PrepareBody(reader, dir.Join("a.html"), 12, s3::ChecksumAlgorithm::kMd5, false);
  CHECK(unsigned_body.sha256_hex.empty());
  CHECK(unsigned_body.checksum.value_base64 == Base64Encode(Md5("<p>hello</p>")));
  CHECK_FALSE(PrepareBody(reader, dir.Join("missing"), 1, s3::ChecksumAlgorithm::kMd5, false)
                  .read.has_value());
}

TEST_CASE("ReadAhead hands over each offered file as a synchronous read would give it") {
  testing::TempDir dir;
  PosixFileReader reader;
  ReadAhead ahead(reader, {.threads = 2, .payload_sha256 = true});
  for (int i = 0; i < 40; ++i) {
    const std::string name = "f" + std::to_string(i);
    dir.WriteFile(name,
                  std::string(static_cast<std::size_t>(1000 + i), static_cast<char>('a' + i % 26)));
    REQUIRE(ahead.HasRoom(1000 + static_cast<std::uint64_t>(i)));
    ahead.Offer(static_cast<std::size_t>(i), dir.Join(name), 1000 + static_cast<std::uint64_t>(i));
  }
  for (int i = 0; i < 40; ++i) {
    const std::string name = "f" + std::to_string(i);
    std::optional<PreparedBody> body = ahead.Take(static_cast<std::size_t>(i));
    if (!body) continue;  // not started yet: withdrawn, the caller reads it
    const PreparedBody expected =
        PrepareBody(reader, dir.Join(name), 1000 + static_cast<std::uint64_t>(i),
                    s3::ChecksumAlgorithm::kMd5, true);
    REQUIRE(body->read.has_value());
    CHECK(body->read->bytes == expected.read->bytes);
    CHECK(body->read->before == expected.read->before);
    CHECK(body->md5 == expected.md5);
    CHECK(body->sha256_hex == expected.sha256_hex);
  }
  CHECK_FALSE(ahead.Take(0).has_value());  // each file is handed over once
  CHECK(ahead.HasRoom(1000));              // and its room is given back
}

TEST_CASE("ReadAhead keeps to its file and byte limits") {
  testing::TempDir dir;
  dir.WriteFile("a", "aaaa");
  PosixFileReader reader;
  ReadAhead ahead(reader, {.threads = 1, .max_files = 2, .max_bytes = 10});
  ahead.Offer(1, dir.Join("a"), 4);
  CHECK(ahead.HasRoom(6));
  CHECK_FALSE(ahead.HasRoom(7));
  ahead.Offer(2, dir.Join("a"), 4);
  CHECK_FALSE(ahead.HasRoom(1));  // two files
  ahead.Take(1);
  CHECK(ahead.HasRoom(6));
  CHECK_FALSE(ahead.Take(3).has_value());  // never offered
}

TEST_CASE("ReadAhead without threads never has room, and stops with files still queued") {
  testing::TempDir dir;
  PosixFileReader reader;
  CHECK_FALSE(ReadAhead(reader, {.threads = 0}).HasRoom(1));
  dir.WriteFile("big", std::string(1 << 20, 'x'));
  ReadAhead ahead(reader, {.threads = 1, .max_files = 64, .max_bytes = 64 << 20});
  for (std::size_t i = 0; i < 64; ++i) ahead.Offer(i, dir.Join("big"), 1 << 20);
  // Leaving the scope joins the worker after at most the read under way.
}

}  // namespace s3mirror::sync
