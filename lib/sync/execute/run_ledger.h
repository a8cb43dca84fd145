// RunLedger: what a run's executor actually did, for the state dir (the deletion journal and the
// run manifest): a Reporter that notes the keys uploaded and deleted, passed to the executor next
// to the run's own reporter. Uploaded keys are kept as 64-bit hashes (8 bytes a file, for runs
// that upload a million files); deleted keys in full, for the journal.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "report/reporter.h"
#include "sync/sync_types.h"

namespace s3mirror::sync {

class RunLedger final : public report::Reporter {
 public:
  void OnUploaded(std::string_view key, std::uint64_t bytes) override;
  void OnDeleted(std::string_view key) override;

  // The planned uploads (as relative paths) whose key prefix + path was not reported uploaded.
  std::vector<std::string> UnfinishedUploads(const Plan& plan, const std::vector<LocalFile>& files,
                                             std::string_view prefix);
  // The planned deletes (relative keys) not reported deleted.
  std::vector<std::string> UnfinishedDeletes(const Plan& plan, std::string_view prefix) const;
  // The deleted objects as listed (relative keys, size, ETag), in key order. Requires:
  // `remote_only` (Diff::remote_only, the only objects a run deletes) sorted by key bytes.
  std::vector<RemoteObject> DeletedObjects(const std::vector<RemoteObject>& remote_only,
                                           std::string_view prefix) const;

 private:
  std::vector<std::uint64_t> uploaded_{};  // hashes of full keys; sorted by UnfinishedUploads
  std::vector<std::string> deleted_{};     // full keys, in the order reported
};

}  // namespace s3mirror::sync
