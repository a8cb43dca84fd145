// The sync command's options (CLI.md "sync") and what they ask for, read from the parsed command
// line. Pure apart from cxxopts: no I/O, so every usage error is unit-tested.
#pragma once

#include <cxxopts.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "auth/request_signer.h"
#include "sync/sync_options.h"
#include "util/result.h"

namespace s3mirror::cli {

enum class ProgressMode { kAuto, kAlways, kNever };

// What `s3mirror sync` was asked to do: the engine's options plus what the CLI does around a run.
struct SyncRequest {
  sync::SyncOptions options;    // hash_cache_path left empty: it lives in the state dir
  std::string destination_url;  // "s3://bucket/prefix/", for messages, state and metrics
  std::string heartbeat_key;    // empty: no heartbeat object
  std::string lock_path;        // empty: no lock
  ProgressMode progress = ProgressMode::kAuto;
  std::string statsd;  // "HOST:PORT"; empty: none
  std::string statsd_prefix = "s3mirror";
  std::string metrics_file;  // empty: none
  // --unsigned-payload: kUnsignedWithChecksum (auth/request_signer.h).
  auth::PayloadSigning payload_signing = auth::PayloadSigning::kSignedOverHttp;
};

void AddSyncOptions(cxxopts::Options& options);

// Reads and checks the options and the two positionals (LOCAL_DIR, s3://BUCKET[/PREFIX]). kUsage
// with a message naming the option or argument at fault.
Result<SyncRequest> ReadSyncRequest(const cxxopts::ParseResult& args,
                                    const std::vector<std::string>& positionals);

// --unsigned-payload with --checksum none over http (`scheme`, the endpoint's, known once the
// settings are resolved) would send bodies that nothing the server checks covers: kUsage.
Status CheckPayloadProtection(const SyncRequest& request, std::string_view scheme);

// --exclude/--include in command-line order (cxxopts keeps the order of all arguments in
// ParseResult::arguments(), but count/as<> of one option lose it relative to the other).
std::vector<sync::FilterRule> ReadFilterRules(const cxxopts::ParseResult& args);

// "25" (objects) or "12.5%" (of the remote objects, 0-100). kUsage otherwise.
Result<sync::DeleteLimit> ParseDeleteLimit(std::string_view text);

// "" stays ""; anything else ends in exactly one added '/' if it had none: "site" -> "site/".
std::string NormalisePrefix(std::string prefix);

}  // namespace s3mirror::cli
