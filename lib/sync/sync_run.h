// RunSync wires the stages of one sync run: scan, list, diff, content check, plan, deletion guard,
// execute. It reports every event to the Reporter; it does not decide the exit code (the CLI does,
// from the result) and does not call Reporter::OnFinished. summary.requests and
// summary.request_counts count every request the run sent: at SyncEnvironment::counted, the
// counting layer directly above the network, when the caller gives one (resends of the layers
// between it and `transport` included); else at `transport` itself.
#pragma once

#include "sync/sync_options.h"

namespace s3mirror::sync {

SyncResult RunSync(const SyncOptions& options, SyncEnvironment& environment);

}  // namespace s3mirror::sync
