// `s3mirror heartbeat s3://BUCKET/KEY` (CLI.md "heartbeat"): writes the heartbeat object, a small
// text body with the UTC time, the host and the last run of that bucket's destinations recorded
// in the state dir. Exit 0 written, 2 bad usage or configuration, 3 destination unusable.
#include <exception>
#include <memory>

#include "cli/command.h"
#include "cli/exit_code.h"
#include "cli/session.h"
#include "monitor/heartbeat.h"
#include "monitor/status.h"
#include "report/logger.h"
#include "s3/endpoint.h"
#include "state/process_identity.h"

namespace s3mirror::cli {
namespace {

void AddHeartbeatOptions(cxxopts::Options& /*options*/) {}

Result<s3::S3Url> HeartbeatTarget(const Invocation& inv) {
  if (inv.positionals.size() != 1) {
    return Fail(ErrorKind::kUsage, "heartbeat takes one argument, s3://BUCKET/KEY");
  }
  Result<s3::S3Url> url = s3::ParseS3Url(inv.positionals[0]);
  if (!url || url->key.empty()) {
    return Fail(ErrorKind::kUsage, inv.positionals[0] + " is not s3://BUCKET/KEY");
  }
  return url;
}

Status WriteHeartbeat(const Invocation& inv, const s3::S3Url& target, report::Logger& logger) {
  Result<std::unique_ptr<Session>> session = OpenSession(inv, target.bucket, 1);
  if (!session) return Fail(session.error());
  Session& s = **session;
  if (Status credentials = CheckCredentials(s, logger); !credentials) return credentials;
  AnnounceCorrections(s, logger);
  monitor::HeartbeatInfo info{.time = s.clock.Now(), .host = state::HostName(), .last_run = {}};
  if (auto last = monitor::FindLastRun(s.settings.state_dir, target.bucket)) {
    info.last_run = last->summary;
  }
  s3::ObjectSettings settings;
  settings.content_type = monitor::kHeartbeatContentType;
  return s.client->PutObject(target.key, monitor::HeartbeatBody(info), settings);
}

int RunHeartbeat(const Invocation& inv) {
  report::Logger logger(inv.log);
  try {
    Result<s3::S3Url> target = HeartbeatTarget(inv);
    if (!target) {
      logger.Error(target.error().message);
      return kExitUsage;
    }
    Status written = WriteHeartbeat(inv, *target, logger);
    if (!written) {
      logger.Error(written.error().message);
      return ExitCodeFor(written.error());
    }
    logger.Info("wrote heartbeat " + inv.positionals[0]);
    return kExitOk;
  } catch (const std::exception& e) {  // nothing may escape a command
    logger.Error(e.what());
    return kExitUsage;
  }
}

}  // namespace

const Command kHeartbeatCommand = {
    .name = "heartbeat",
    .usage = "heartbeat [OPTIONS] s3://BUCKET/KEY",
    .summary = "write the heartbeat object s3://BUCKET/KEY now",
    .add_options = &AddHeartbeatOptions,
    .run = &RunHeartbeat,
};

}  // namespace s3mirror::cli
