#include "cli/sync_args.h"

#include <catch2/catch.hpp>

#include "cli/options.h"
#include "parse_args.h"

namespace s3mirror::cli {
namespace {

Result<SyncRequest> Read(const std::vector<std::string>& args) {
  const cxxopts::ParseResult parsed = ParseArgs(AddSyncOptions, args);
  return ReadSyncRequest(parsed, parsed.unmatched());
}

std::string ErrorOf(const std::vector<std::string>& args) {
  const Result<SyncRequest> request = Read(args);
  if (request.has_value()) return "no error";
  CHECK(request.error().kind == ErrorKind::kUsage);
  return request.error().message;
}

}  // namespace

TEST_CASE("ReadSyncRequest reads LOCAL_DIR and the destination with defaults") {
  const Result<SyncRequest> request = Read({"/srv/www", "s3://site-bucket/www"});
  REQUIRE(request.has_value());
  const sync::SyncOptions& options = request->options;
  CHECK(options.local_dir == "/srv/www");
  CHECK(options.bucket == "site-bucket");
  CHECK(options.prefix == "www/");
  CHECK(request->destination_url == "s3://site-bucket/www/");
  CHECK(options.concurrency == 64);
  CHECK(options.part_size == 16ull << 20);
  CHECK(options.multipart_threshold == 64ull << 20);
  CHECK_FALSE(options.delete_remote);
  CHECK(options.max_delete.is_percent);
  CHECK(options.use_hash_cache);
  CHECK(request->progress == ProgressMode::kAuto);
  CHECK(request->statsd_prefix == "s3mirror");
}

TEST_CASE("ReadSyncRequest reads the options given after the positionals") {
  const Result<SyncRequest> request = Read({"dir",
                                            "s3://b-1",
                                            "--delete",
                                            "--max-delete",
                                            "25",
                                            "--dry-run",
                                            "--no-hash-cache",
                                            "--part-size",
                                            "8M",
                                            "--multipart-threshold=1G",
                                            "--concurrency",
                                            "8",
                                            "--sse",
                                            "aws:kms",
                                            "--acl",
                                            "public-read",
                                            "--cache-control",
                                            "max-age=60",
                                            "--progress",
                                            "never",
                                            "--lock",
                                            "/run/s3mirror.lock",
                                            "--follow-symlinks"});
  REQUIRE(request.has_value());
  const sync::SyncOptions& options = request->options;
  CHECK(options.prefix.empty());
  CHECK(options.delete_remote);
  CHECK_FALSE(options.max_delete.is_percent);
  CHECK(options.max_delete.count == 25);
  CHECK(options.dry_run);
  CHECK_FALSE(options.use_hash_cache);
  CHECK(options.part_size == 8ull << 20);
  CHECK(options.multipart_threshold == 1ull << 30);
  CHECK(options.concurrency == 8);
  CHECK(options.object_settings.sse == "aws:kms");
  CHECK(options.object_settings.acl == "public-read");
  CHECK(options.object_settings.cache_control == "max-age=60");
  CHECK(options.follow_symlinks);
  CHECK(request->progress == ProgressMode::kNever);
  CHECK(request->lock_path == "/run/s3mirror.lock");
}

TEST_CASE("ReadFilterRules keeps the command-line order across --exclude and --include") {
  const cxxopts::ParseResult parsed = ParseArgs(
      AddSyncOptions,
      {"--exclude", "*.tmp", "--include", "keep.tmp", "--exclude=a/**", "dir", "s3://bucket"});
  const std::vector<sync::FilterRule> rules = ReadFilterRules(parsed);
  REQUIRE(rules.size() == 3);
  CHECK_FALSE(rules[0].include);
  CHECK(rules[0].glob == "*.tmp");
  CHECK(rules[1].include);
  CHECK(rules[1].glob == "keep.tmp");
  CHECK_FALSE(rules[2].include);
  CHECK(rules[2].glob == "a/**");
}

TEST_CASE("ReadSyncRequest keeps commas in directory names and globs") {
  const Result<SyncRequest> request = Read({"--exclude", "*.{a,b}", "/srv/a,b", "s3://bucket"});
  REQUIRE(request.has_value());
  CHECK(request->options.local_dir == "/srv/a,b");
  REQUIRE(request->options.rules.size() == 1);
  CHECK(request->options.rules[0].glob == "*.{a,b}");
}

TEST_CASE("ReadSyncRequest needs exactly LOCAL_DIR and an S3 URL") {
  CHECK(ErrorOf({}) == "sync needs LOCAL_DIR and s3://BUCKET[/PREFIX]");
  CHECK(ErrorOf({"dir"}) == "sync needs a destination s3://BUCKET[/PREFIX] after dir");
  CHECK(ErrorOf({"dir", "s3://bucket", "more"}) ==
        "sync takes LOCAL_DIR and s3://BUCKET[/PREFIX]; unexpected \"more\"");
  CHECK_THAT(ErrorOf({"s3://bucket", "dir"}), Catch::Contains("give the directory first"));
}

TEST_CASE("ReadSyncRequest refuses malformed destination URLs") {
  for (const char* url : {"s3:/x", "http://x", "s3://", "bucket/key", "s3:///key"}) {
    CHECK(ErrorOf({"dir", url}) != "no error");
  }
}

TEST_CASE("ReadSyncRequest names the option with a bad value") {
  CHECK(ErrorOf({"--part-size", "3M", "d", "s3://bucket"}) ==
        "--part-size 3M is below S3's 5 MiB minimum");
  CHECK(ErrorOf({"--part-size", "6G", "d", "s3://bucket"}) ==
        "--part-size 6G is above S3's 5 GiB maximum");
  CHECK_THAT(ErrorOf({"--multipart-threshold", "12Q", "d", "s3://bucket"}),
             Catch::StartsWith("--multipart-threshold: "));
  CHECK(ErrorOf({"--concurrency", "0", "d", "s3://bucket"}) ==
        "--concurrency: \"0\" is not a whole number from 1 to 1024");
  CHECK_THAT(ErrorOf({"--max-delete", "lots", "d", "s3://bucket"}),
             Catch::StartsWith("--max-delete: "));
  CHECK(ErrorOf({"--progress", "sometimes", "d", "s3://bucket"}) ==
        "--progress: \"sometimes\" is not one of auto, always, never");
  CHECK_THAT(ErrorOf({"--sse", "rot13", "d", "s3://bucket"}), Catch::StartsWith("--sse: "));
  CHECK_THAT(ErrorOf({"--acl", "public", "d", "s3://bucket"}), Catch::StartsWith("--acl: "));
}

TEST_CASE("ReadSyncRequest excludes a heartbeat object under the prefix as the last rule") {
  const Result<SyncRequest> inside =
      Read({"--delete", "--include", "*", "--heartbeat", "www/hb[1]*", "d", "s3://bucket/www"});
  REQUIRE(inside.has_value());
  CHECK(inside->heartbeat_key == "www/hb[1]*");
  REQUIRE(inside->options.rules.size() == 2);
  CHECK_FALSE(inside->options.rules.back().include);
  CHECK(inside->options.rules.back().glob == "hb\\[1\\]\\*");
  const Result<SyncRequest> outside =
      Read({"--delete", "--heartbeat", "/monitor/hb", "d", "s3://bucket/www"});
  REQUIRE(outside.has_value());
  CHECK(outside->heartbeat_key == "monitor/hb");
  CHECK(outside->options.rules.empty());
  CHECK_THAT(ErrorOf({"--heartbeat", "dir/", "d", "s3://bucket"}),
             Catch::StartsWith("--heartbeat: "));
}

TEST_CASE("ReadSyncRequest reads the header and checksum options") {
  const Result<SyncRequest> defaults = Read({"/srv/www", "s3://site-bucket"});
  REQUIRE(defaults.has_value());
  CHECK(defaults->options.headers_file.empty());
  CHECK_FALSE(defaults->options.fix_headers);
  CHECK(defaults->options.fix_headers_budget == 10000);
  CHECK(defaults->options.checksum == s3::ChecksumAlgorithm::kMd5);
  const Result<SyncRequest> request =
      Read({"--headers", "/etc/site.headers", "--fix-headers", "--fix-headers-budget", "250",
            "--checksum", "crc32c", "/srv/www", "s3://site-bucket"});
  REQUIRE(request.has_value());
  CHECK(request->options.headers_file == "/etc/site.headers");
  CHECK(request->options.fix_headers);
  CHECK(request->options.fix_headers_budget == 250);
  CHECK(request->options.checksum == s3::ChecksumAlgorithm::kCrc32c);
}

TEST_CASE("ReadSyncRequest refuses bad header and checksum options") {
  CHECK(ErrorOf({"--checksum", "crc32", "/srv/www", "s3://site-bucket"}) ==
        "--checksum \"crc32\" is not one of md5, crc32c, sha256, none");
  CHECK(ErrorOf({"--headers", "", "/srv/www", "s3://site-bucket"}) == "--headers: empty path");
  CHECK(ErrorOf({"--fix-headers-budget", "-1", "/srv/www", "s3://site-bucket"})
            .find("--fix-headers-budget") != std::string::npos);
}

TEST_CASE("ParseDeleteLimit reads counts and percentages") {
  const Result<sync::DeleteLimit> count = ParseDeleteLimit("25");
  REQUIRE(count.has_value());
  CHECK_FALSE(count->is_percent);
  CHECK(count->count == 25);
  const Result<sync::DeleteLimit> percent = ParseDeleteLimit("12.5%");
  REQUIRE(percent.has_value());
  CHECK(percent->is_percent);
  CHECK(percent->percent == Approx(12.5));
  for (const char* bad : {"", "%", "lots", "150%", "-1", "5 %", "nan%", "10%%"}) {
    CHECK_FALSE(ParseDeleteLimit(bad).has_value());
  }
}

TEST_CASE("NormalisePrefix ends a non-empty prefix in one slash") {
  CHECK(NormalisePrefix("").empty());
  CHECK(NormalisePrefix("www") == "www/");
  CHECK(NormalisePrefix("www/") == "www/");
  CHECK(NormalisePrefix("a/b") == "a/b/");
}

TEST_CASE("ReadSyncRequest signs payloads over http unless --unsigned-payload is given") {
  const Result<SyncRequest> plain = Read({"dir", "s3://site-bucket"});
  REQUIRE(plain.has_value());
  CHECK(plain->payload_signing == auth::PayloadSigning::kSignedOverHttp);
  const Result<SyncRequest> unsigned_payload =
      Read({"dir", "s3://site-bucket", "--unsigned-payload"});
  REQUIRE(unsigned_payload.has_value());
  CHECK(unsigned_payload->payload_signing == auth::PayloadSigning::kUnsignedWithChecksum);
}

TEST_CASE("CheckPayloadProtection refuses --unsigned-payload with --checksum none over http") {
  const Result<SyncRequest> request =
      Read({"dir", "s3://site-bucket", "--unsigned-payload", "--checksum", "none"});
  REQUIRE(request.has_value());
  const Status over_http = CheckPayloadProtection(*request, "http");
  REQUIRE_FALSE(over_http);
  CHECK(over_http.error().kind == ErrorKind::kUsage);
  CHECK(over_http.error().message.starts_with(
      "--unsigned-payload with --checksum none over http would leave upload bodies unprotected"));
  CHECK(CheckPayloadProtection(*request, "https"));
}

TEST_CASE("CheckPayloadProtection accepts every other combination") {
  for (const char* checksum : {"md5", "crc32c", "sha256"}) {
    const Result<SyncRequest> request =
        Read({"dir", "s3://site-bucket", "--unsigned-payload", "--checksum", checksum});
    REQUIRE(request.has_value());
    CHECK(CheckPayloadProtection(*request, "http"));
  }
  const Result<SyncRequest> signed_none = Read({"dir", "s3://site-bucket", "--checksum", "none"});
  REQUIRE(signed_none.has_value());
  CHECK(CheckPayloadProtection(*signed_none, "http"));
}

}  // namespace s3mirror::cli
