#include "cli/sync_args.h"

#include <charconv>

#include "cli/options.h"
#include "s3/body_checksum.h"
#include "s3/endpoint.h"

namespace s3mirror::cli {
namespace {

constexpr std::uint64_t kMaxPartSize = 5ull << 30;  // S3's maximum part size, 5 GiB
constexpr std::int64_t kMaxConcurrency = 1024;
constexpr std::int64_t kMaxDeleteAfterMissing = 10000;

Unexpected<Error> UsageError(std::string message) {
  return Fail(ErrorKind::kUsage, std::move(message));
}

// LOCAL_DIR and s3://BUCKET[/PREFIX] into the options; kUsage when they are missing or swapped.
Status ReadPositionals(const std::vector<std::string>& positionals, SyncRequest& request) {
  if (positionals.empty()) return UsageError("sync needs LOCAL_DIR and s3://BUCKET[/PREFIX]");
  if (positionals.size() == 1) {
    return UsageError("sync needs a destination s3://BUCKET[/PREFIX] after " + positionals[0]);
  }
  if (positionals.size() > 2) {
    return UsageError("sync takes LOCAL_DIR and s3://BUCKET[/PREFIX]; unexpected \"" +
                      positionals[2] + "\"");
  }
  if (positionals[0].starts_with("s3://")) {
    return UsageError("sync copies LOCAL_DIR to s3://BUCKET[/PREFIX]; give the directory first");
  }
  if (positionals[0].empty()) return UsageError("LOCAL_DIR must not be empty");
  Result<s3::S3Url> url = s3::ParseS3Url(positionals[1]);
  if (!url) return Fail(url.error());
  request.options.local_dir = positionals[0];
  request.options.bucket = url->bucket;
  request.options.prefix = NormalisePrefix(url->key);
  request.destination_url = "s3://" + url->bucket + "/" + request.options.prefix;
  return {};
}

// --acl, --sse and --storage-class as object settings.
Result<s3::ObjectSettings> ReadObjectSettings(const cxxopts::ParseResult& args) {
  Result<std::string> acl =
      ReadChoice(args, "acl",
                 {"private", "public-read", "public-read-write", "authenticated-read",
                  "aws-exec-read", "bucket-owner-read", "bucket-owner-full-control"},
                 "");
  if (!acl) return Fail(acl.error());
  Result<std::string> sse = ReadChoice(args, "sse", {"AES256", "aws:kms"}, "");
  if (!sse) return Fail(sse.error());
  s3::ObjectSettings settings;
  settings.cache_control = ReadString(args, "cache-control");
  settings.acl = *acl;
  settings.storage_class = ReadString(args, "storage-class");
  settings.sse = *sse;
  return settings;
}

// --multipart-threshold and --part-size; parts must fit S3's limits.
Status ReadMultipart(const cxxopts::ParseResult& args, sync::SyncOptions& options) {
  Result<std::uint64_t> threshold =
      ReadSize(args, "multipart-threshold", sync::kDefaultMultipartThreshold);
  if (!threshold) return Fail(threshold.error());
  Result<std::uint64_t> part_size = ReadSize(args, "part-size", sync::kDefaultPartSize);
  if (!part_size) return Fail(part_size.error());
  const std::string given = ReadString(args, "part-size");
  if (*part_size < sync::kMinPartSize) {
    return UsageError("--part-size " + given + " is below S3's 5 MiB minimum");
  }
  if (*part_size > kMaxPartSize) {
    return UsageError("--part-size " + given + " is above S3's 5 GiB maximum");
  }
  options.multipart_threshold = *threshold;
  options.part_size = *part_size;
  return {};
}

// --delete-after-missing N: explicit on top of --delete, never implied, so that no option alone
// both turns deletes on and delays them.
Status ReadGracePeriod(const cxxopts::ParseResult& args, sync::SyncOptions& options) {
  if (args.count("delete-after-missing") == 0) return {};
  Result<std::int64_t> runs =
      ReadInteger(args, "delete-after-missing", 0, 1, kMaxDeleteAfterMissing);
  if (!runs) return Fail(runs.error());
  if (!options.delete_remote) {
    return UsageError(
        "--delete-after-missing needs --delete (it delays the deletes --delete makes)");
  }
  options.delete_after_missing = static_cast<std::uint32_t>(*runs);
  return {};
}

// --delete, --max-delete, --force-delete, --delete-after-missing.
Status ReadDeletion(const cxxopts::ParseResult& args, sync::SyncOptions& options) {
  options.delete_remote = args.count("delete") > 0;
  options.force_delete = args.count("force-delete") > 0;
  if (args.count("max-delete") > 0) {
    Result<sync::DeleteLimit> limit = ParseDeleteLimit(ReadString(args, "max-delete"));
    if (!limit) return Fail(ErrorKind::kUsage, "--max-delete: " + limit.error().message);
    options.max_delete = *limit;
  }
  return ReadGracePeriod(args, options);
}

// A glob that matches exactly `path`: the glob metacharacters are escaped with a backslash.
std::string LiteralGlob(std::string_view path) {
  std::string glob;
  for (char c : path) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') glob += '\\';
    glob += c;
  }
  return glob;
}

// The heartbeat object is not part of the mirror. When its key lies under the prefix it is
// excluded (the last rule, so it wins): never uploaded from a local file of the same name, and
// never deleted by --delete.
Status ReadHeartbeat(const cxxopts::ParseResult& args, SyncRequest& request) {
  if (args.count("heartbeat") == 0) return {};
  std::string key = ReadString(args, "heartbeat");
  while (key.starts_with('/')) key.erase(0, 1);
  if (key.empty() || key.ends_with('/')) {
    return UsageError("--heartbeat: \"" + ReadString(args, "heartbeat") +
                      "\" is not an object key (e.g. monitoring/s3mirror-heartbeat)");
  }
  if (key.starts_with(request.options.prefix)) {
    request.options.rules.push_back(
        {.include = false, .glob = LiteralGlob(key.substr(request.options.prefix.size()))});
  }
  request.heartbeat_key = std::move(key);
  return {};
}

// --headers, --fix-headers, --fix-headers-budget and --checksum. The rules file is read by the
// run (this file does no I/O).
Status ReadHeaderOptions(const cxxopts::ParseResult& args, sync::SyncOptions& options) {
  options.headers_file = ReadString(args, "headers");
  if (args.count("headers") > 0 && options.headers_file.empty()) {
    return UsageError("--headers: empty path");
  }
  options.fix_headers = args.count("fix-headers") > 0;
  Result<std::int64_t> budget =
      ReadInteger(args, "fix-headers-budget",
                  static_cast<std::int64_t>(sync::kDefaultFixHeadersBudget), 0, 1'000'000'000);
  if (!budget) return Fail(budget.error());
  options.fix_headers_budget = static_cast<std::uint64_t>(*budget);
  const std::string checksum = ReadString(args, "checksum", "md5");
  const std::optional<s3::ChecksumAlgorithm> algorithm = s3::ParseChecksumAlgorithm(checksum);
  if (!algorithm) {
    return UsageError("--checksum \"" + checksum + "\" is not one of md5, crc32c, sha256, none");
  }
  options.checksum = *algorithm;
  return {};
}

// Everything that goes around the run: lock, progress, metrics.
Status ReadRunExtras(const cxxopts::ParseResult& args, SyncRequest& request) {
  Result<std::string> progress = ReadChoice(args, "progress", {"auto", "always", "never"}, "auto");
  if (!progress) return Fail(progress.error());
  request.progress = *progress == "always"  ? ProgressMode::kAlways
                     : *progress == "never" ? ProgressMode::kNever
                                            : ProgressMode::kAuto;
  request.lock_path = ReadString(args, "lock");
  request.statsd = ReadString(args, "statsd");
  request.statsd_prefix = ReadString(args, "statsd-prefix", "s3mirror");
  request.metrics_file = ReadString(args, "metrics-file");
  if (args.count("lock") > 0 && request.lock_path.empty()) return UsageError("--lock: empty path");
  return ReadHeartbeat(args, request);
}

// --awkward-names upload|skip|fail (sync/names/name_policy.h).
Status ReadAwkwardNames(const cxxopts::ParseResult& args, sync::SyncOptions& options) {
  Result<std::string> policy =
      ReadChoice(args, "awkward-names", {"upload", "skip", "fail"}, "upload");
  if (!policy) return Fail(policy.error());
  options.awkward_names = *policy == "skip"   ? sync::AwkwardNamePolicy::kSkip
                          : *policy == "fail" ? sync::AwkwardNamePolicy::kFail
                                              : sync::AwkwardNamePolicy::kUpload;
  return {};
}

// --unsigned-payload: over http too, uploads are signed as UNSIGNED-PAYLOAD and protected by their
// signed checksum header.
void ReadPayloadSigning(const cxxopts::ParseResult& args, SyncRequest& request) {
  if (args.count("unsigned-payload") > 0) {
    request.payload_signing = auth::PayloadSigning::kUnsignedWithChecksum;
  }
}

}  // namespace

void AddSyncOptions(cxxopts::Options& options) {
  const auto text = [] { return cxxopts::value<std::string>(); };
  // clang-format off
  options.add_options("Sync")
      ("concurrency", "requests in flight (default 64)", text(), "N")
      ("delete", "delete remote objects under PREFIX that have no local file")
      ("max-delete", "refuse the run's deletions if more than N objects, or P% of the remote "
       "objects, would be deleted (default 10%)", text(), "N|P%")
      ("force-delete", "lift the --max-delete limit")
      ("delete-after-missing", "with --delete, delete an object only once its file has been "
       "missing in N consecutive successful runs", text(), "N")
      ("exclude", "leave out paths matching GLOB (repeatable; later rules win)", text(), "GLOB")
      ("include", "take part paths matching GLOB (repeatable; later rules win)", text(), "GLOB")
      ("dry-run", "print what would be uploaded and deleted; change nothing")
      ("no-hash-cache", "recompute the MD5 of every file")
      ("content-type", "Content-Type of every object", text(), "TYPE")
      ("default-content-type", "Content-Type for unknown extensions", text(), "TYPE")
      ("cache-control", "Cache-Control of every object", text(), "VALUE")
      ("headers", "header rules file: lines \"GLOB: Header: value\"", text(), "FILE")
      ("fix-headers", "also check stored headers with HEAD and repair them")
      ("fix-headers-budget", "objects --fix-headers checks per run (default 10000)", text(), "N")
      ("checksum", "body checksum: md5 (default), crc32c, sha256 or none", text(), "ALGORITHM")
      ("unsigned-payload", "over http too, send uploads as UNSIGNED-PAYLOAD (their signed "
       "--checksum header protects the body)")
      ("acl", "canned ACL, e.g. public-read", text(), "CANNED")
      ("storage-class", "storage class, e.g. STANDARD_IA", text(), "CLASS")
      ("sse", "server-side encryption: AES256 or aws:kms", text(), "ALGORITHM")
      ("multipart-threshold", "multipart upload from this size (default 64M)", text(), "SIZE")
      ("part-size", "multipart part size (default 16M, at least 5M)", text(), "SIZE")
      ("follow-symlinks", "follow symbolic links that stay inside LOCAL_DIR")
      ("awkward-names", "names with spaces at segment ends, # ? \\ %XX, control characters or "
       "Unicode/case twins: upload (default), skip or fail", text(), "WHAT")
      ("no-website-order", "upload in plain key order, not assets first and HTML pages after")
      ("no-mount-check", "sync even when LOCAL_DIR lies under an /etc/fstab mount point "
       "with nothing mounted")
      ("heartbeat", "after a run with no failures, write the heartbeat object KEY",
       text(), "KEY")
      ("lock", "hold an exclusive flock on FILE; exit 75 if another process holds it",
       text(), "FILE")
      ("progress", "live progress on stderr: auto, always or never", text(), "WHEN")
      ("statsd", "send run metrics over UDP", text(), "HOST:PORT")
      ("statsd-prefix", "prefix of the statsd metric names (default s3mirror)", text(), "P")
      ("metrics-file", "write run metrics in Prometheus text format", text(), "FILE");
  // clang-format on
}

Result<SyncRequest> ReadSyncRequest(const cxxopts::ParseResult& args,
                                    const std::vector<std::string>& positionals) {
  SyncRequest request;
  sync::SyncOptions& options = request.options;
  if (Status read = ReadPositionals(positionals, request); !read) return Fail(read.error());
  Result<std::int64_t> concurrency =
      ReadInteger(args, "concurrency", sync::kDefaultConcurrency, 1, kMaxConcurrency);
  if (!concurrency) return Fail(concurrency.error());
  options.concurrency = static_cast<int>(*concurrency);
  if (Status read = ReadDeletion(args, options); !read) return Fail(read.error());
  if (Status read = ReadMultipart(args, options); !read) return Fail(read.error());
  Result<s3::ObjectSettings> settings = ReadObjectSettings(args);
  if (!settings) return Fail(settings.error());
  options.object_settings = std::move(*settings);
  options.rules = ReadFilterRules(args);
  options.dry_run = args.count("dry-run") > 0;
  options.use_hash_cache = args.count("no-hash-cache") == 0;
  options.content_type = ReadString(args, "content-type");
  options.default_content_type = ReadString(args, "default-content-type");
  options.follow_symlinks = args.count("follow-symlinks") > 0;
  if (Status read = ReadAwkwardNames(args, options); !read) return Fail(read.error());
  options.website_order = args.count("no-website-order") == 0;
  options.check_mounts = args.count("no-mount-check") == 0;
  if (Status read = ReadHeaderOptions(args, options); !read) return Fail(read.error());
  if (Status read = ReadRunExtras(args, request); !read) return Fail(read.error());
  ReadPayloadSigning(args, request);
  return request;
}

Status CheckPayloadProtection(const SyncRequest& request, std::string_view scheme) {
  if (request.payload_signing != auth::PayloadSigning::kUnsignedWithChecksum) return {};
  if (request.options.checksum != s3::ChecksumAlgorithm::kNone || scheme == "https") return {};
  return UsageError(
      "--unsigned-payload with --checksum none over http would leave upload bodies unprotected "
      "(no signed payload hash, no checksum for the server to verify); use --checksum md5, "
      "crc32c or sha256, or an https endpoint");
}

std::vector<sync::FilterRule> ReadFilterRules(const cxxopts::ParseResult& args) {
  std::vector<sync::FilterRule> rules;
  for (const cxxopts::KeyValue& argument : args.arguments()) {
    if (argument.key() == "exclude" || argument.key() == "include") {
      rules.push_back(
          sync::FilterRule{.include = argument.key() == "include", .glob = argument.value()});
    }
  }
  return rules;
}

Result<sync::DeleteLimit> ParseDeleteLimit(std::string_view text) {
  const auto invalid = [&] {
    return UsageError("\"" + std::string(text) +
                      "\" is not a number of objects or a percentage (e.g. 100 or 10%)");
  };
  sync::DeleteLimit limit;
  const char* end = text.data() + text.size();
  if (text.ends_with('%')) {
    --end;
    const auto [stop, error] = std::from_chars(text.data(), end, limit.percent);
    if (error != std::errc() || stop != end || text.size() < 2) return invalid();
    if (!(limit.percent >= 0.0 && limit.percent <= 100.0)) return invalid();
    limit.is_percent = true;
    return limit;
  }
  const auto [stop, error] = std::from_chars(text.data(), end, limit.count);
  if (error != std::errc() || stop != end || text.empty()) return invalid();
  limit.is_percent = false;
  return limit;
}

std::string NormalisePrefix(std::string prefix) {
  if (!prefix.empty() && !prefix.ends_with('/')) prefix += '/';
  return prefix;
}

}  // namespace s3mirror::cli
