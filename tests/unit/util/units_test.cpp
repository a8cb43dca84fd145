#include "util/units.h"

#include <catch2/catch.hpp>

using namespace s3mirror;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("ParseSize reads K M G and T as binary multiples") {
  CHECK(ParseSize("8M").value() == 8ull * 1024 * 1024);
  CHECK(ParseSize("64K").value() == 64ull * 1024);
  CHECK(ParseSize("2G").value() == 2ull * 1024 * 1024 * 1024);
  CHECK(ParseSize("1T").value() == 1ull << 40);
  CHECK(ParseSize("16m").value() == 16ull << 20);
}

TEST_CASE("ParseSize reads a bare number as bytes") {
  CHECK(ParseSize("0").value() == 0);
  CHECK(ParseSize("5242880").value() == 5242880);
  CHECK(ParseSize("512B").value() == 512);
}

TEST_CASE("ParseSize accepts a trailing B or iB after the multiplier") {
  CHECK(ParseSize("8MB").value() == 8ull << 20);
  CHECK(ParseSize("8MiB").value() == 8ull << 20);
  CHECK(ParseSize("1KiB").value() == 1024);
}

TEST_CASE("ParseSize rejects anything else with a usage error that shows the fix") {
  for (const char* bad : {"", "M", "8X", "8 M", "-1", "1.5G", "8MM", "8iB", "0x10", "8MBs"}) {
    INFO(bad);
    const Result<uint64_t> parsed = ParseSize(bad);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().kind == ErrorKind::kUsage);
  }
  CHECK(ParseSize("8X").error().message ==
        "\"8X\" is not a size (use a number with K, M or G, e.g. 8M)");
}

TEST_CASE("ParseSize rejects sizes that overflow 64 bits") {
  CHECK_FALSE(ParseSize("18446744073709551616"));
  CHECK_FALSE(ParseSize("17179869184G"));
  CHECK(ParseSize("18446744073709551615").value() == 18446744073709551615ull);
}

TEST_CASE("ParseDuration reads seconds minutes hours and days") {
  CHECK(ParseDuration("30s").value() == seconds(30));
  CHECK(ParseDuration("90m").value() == seconds(5400));
  CHECK(ParseDuration("24h").value() == seconds(86400));
  CHECK(ParseDuration("2d").value() == seconds(172800));
  CHECK(ParseDuration("0s").value() == seconds(0));
}

TEST_CASE("ParseDuration reads a bare number as seconds") {
  CHECK(ParseDuration("3600").value() == seconds(3600));
}

TEST_CASE("ParseDuration combines units written largest first") {
  CHECK(ParseDuration("1h30m").value() == seconds(5400));
  CHECK(ParseDuration("1d2h3m4s").value() == seconds(86400 + 7200 + 180 + 4));
}

TEST_CASE("ParseDuration rejects other forms with a usage error") {
  for (const char* bad : {"", "h", "10x", "1h30", "30m1h", "1m1m", "5 m", "-5s", "1.5h", "10S"}) {
    INFO(bad);
    const Result<seconds> parsed = ParseDuration(bad);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().kind == ErrorKind::kUsage);
  }
  CHECK(ParseDuration("10x").error().message.find("\"10x\" is not a duration") == 0);
  CHECK_FALSE(ParseDuration("999999999999999999d"));
}

TEST_CASE("FormatBytes prints bytes below 1 KiB exactly and larger sizes in binary units") {
  CHECK(FormatBytes(0) == "0 B");
  CHECK(FormatBytes(1023) == "1023 B");
  CHECK(FormatBytes(1024) == "1.0 KiB");
  CHECK(FormatBytes(1258291) == "1.2 MiB");
  CHECK(FormatBytes(5ull << 30) == "5.0 GiB");
  CHECK(FormatBytes(3ull << 40) == "3.0 TiB");
  CHECK(FormatBytes((1ull << 20) - 1) == "1.0 MiB");  // not "1024.0 KiB"
}

TEST_CASE("FormatDuration picks milliseconds or seconds or minutes or hours") {
  CHECK(FormatDuration(milliseconds(850)) == "850ms");
  CHECK(FormatDuration(milliseconds(3400)) == "3.4s");
  CHECK(FormatDuration(milliseconds(59999)) == "59.9s");
  CHECK(FormatDuration(milliseconds(725'000)) == "12m05s");
  CHECK(FormatDuration(milliseconds(3'720'000)) == "1h02m");
  CHECK(FormatDuration(milliseconds(26LL * 3'600'000 + 180'000)) == "26h03m");
  CHECK(FormatDuration(milliseconds(-5)) == "0ms");
}
