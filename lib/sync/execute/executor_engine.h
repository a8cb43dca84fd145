// Internal to the executor: the engine's state. executor.cpp holds the driver loop, the exchange
// and retry machinery and the deletes; upload_steps.cpp holds the upload state machine.
#pragma once

#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "s3/body_checksum.h"
#include "sync/execute/executor.h"
#include "sync/execute/read_ahead.h"

namespace s3mirror::sync {

enum class UploadStage { kQueued, kPutting, kCreating, kSendingParts, kCompleting, kAborting };

struct PartState {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  std::string md5{};            // binary MD5 of the bytes sent
  s3::BodyChecksum checksum{};  // as sent (crc32c/sha256: listed again in the completion)
  std::string etag{};           // as returned
  bool done = false;
};

// One file being uploaded. Created when its upload starts; erased when it ends.
struct Upload {
  std::size_t id = 0;  // index into Plan::uploads
  std::size_t local_index = 0;
  std::string key{};  // prefix + path
  UploadStage stage = UploadStage::kQueued;
  int source_changes = 0;
  FileStamp stamp{};  // multipart: every part must be read under this stamp
  std::string upload_id{};
  std::vector<PartState> parts{};
  std::size_t next_part = 0;
  std::size_t parts_done = 0;
  std::optional<Error> failure{};    // why it is aborting
  bool restart_after_abort = false;  // the file changed: abort, then start over
};

enum class ExchangeKind { kPut, kCreate, kPart, kComplete, kAbort, kDelete, kHead, kCopy };

// One request with what is needed to retry it and to act on its answer.
struct Exchange {
  ExchangeKind kind = ExchangeKind::kPut;
  std::size_t owner = 0;    // upload id (plan index), or delete batch number
  std::size_t part = 0;     // kPart: index into Upload::parts
  http::Request request{};  // unsigned; signed again for each attempt
  std::string subject{};    // "PUT s3://bucket/key", starts error messages
  int attempt = 1;
  std::uint64_t memory = 0;  // body bytes held against the memory budget
  std::string md5{};         // kPut: binary MD5 of the body
  FileStamp stamp{};         // kPut: the file's stamp when read
};

class Engine {
 public:
  Engine(const Plan& plan, const std::vector<LocalFile>& files, const ExecutorOptions& options,
         ExecutorEnvironment& environment);
  ExecutionResult Run();

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Waiting {
    TimePoint due;
    Exchange exchange;
  };

  // executor.cpp: the loop and the exchanges.
  template <typename StartOne>
  void Pump(StartOne start_one);
  bool Cancelled() const;
  bool HasExchange(std::size_t upload) const;
  bool Aborting(std::size_t upload) const;
  void HandleCancel();
  void Send(Exchange exchange);
  void StartDueRetries();
  std::chrono::milliseconds WaitTimeout() const;
  void OnCompletion(http::Completion completion);
  void OnFailure(Exchange exchange, Error error);
  void Release(const Exchange& exchange);
  bool FitsBudget(std::uint64_t bytes) const;
  void RecordError(std::string_view key, const Error& error);
  std::string Subject(std::string_view method, std::string_view key) const;
  bool StartDeleteBatch();
  void OnDeleteDone(const Exchange& exchange, const http::Response& response);
  void OnDeleteFailed(const Exchange& exchange, const Error& error);

  // header_repair_steps.cpp: HEAD and CopyObject of Plan::header_repairs.
  bool StartRepairWork();
  void StartCopy(std::size_t repair);
  void OnRepairDone(const Exchange& exchange, const http::Response& response);
  void OnRepairFailed(const Exchange& exchange, const Error& error);
  s3::ObjectSettings SettingsForFile(std::size_t local_index) const;
  void RecordHeaders(std::size_t local_index, const s3::ObjectSettings& settings);

  // upload_steps.cpp: the upload state machine.
  bool StartUploadWork();
  bool WaitingForAssets();
  bool StartUpload(std::size_t id);
  void OfferAhead();
  PreparedBody ReadForPut(const Upload& upload, const FileStamp& stamp);
  void StartPut(Upload& upload, const FileStamp& stamp);
  void StartCreate(Upload& upload, const FileStamp& stamp);
  bool StartNextPart(Upload& upload);
  void StartComplete(Upload& upload);
  void BeginAbort(Upload& upload, Error error, bool restart);
  void SendAbortWhenSettled(Upload& upload);
  void OnAborted(std::size_t id);
  void OnSourceChanged(Upload& upload);
  bool Usable(const FileBytes& read, const FileStamp& stamp, std::uint64_t length) const;
  void FailUpload(std::size_t id, const Error& error);
  void FinishUpload(std::size_t id, const FileStamp& stamp, const FileDigest& digest);
  void OnUploadDone(const Exchange& exchange, const http::Response& response);
  void OnUploadFailed(const Exchange& exchange, const Error& error);
  void OnCompleted(Upload& upload, const http::Response& response);
  std::string Path(const Upload& upload) const;
  s3::ObjectSettings SettingsFor(const Upload& upload) const;
  std::optional<Error> CheckEtag(const Exchange& exchange, const http::Response& response,
                                 std::string_view expected_md5) const;

  const Plan& plan_;
  const std::vector<LocalFile>& files_;
  const ExecutorOptions& options_;
  ExecutorEnvironment& env_;
  ExecutionResult result_;

  std::unordered_map<http::ExchangeId, Exchange> in_flight_{};
  std::vector<Waiting> waiting_{};
  std::unordered_map<std::size_t, Upload> uploads_{};  // started, keyed by plan index
  std::deque<std::size_t> sending_{};                  // multipart uploads with parts to start
  std::deque<std::size_t> restarts_{};                 // uploads to read again (file changed)
  std::size_t next_planned_ = 0;
  std::size_t next_delete_batch_ = 0;
  std::size_t next_repair_ = 0;
  std::uint64_t memory_in_use_ = 0;
  bool cancel_handled_ = false;
  bool pages_started_ = false;             // website order: the asset stage is over
  std::uint64_t read_ahead_bytes_ = 0;     // the read-ahead's share of the memory budget
  std::optional<ReadAhead> read_ahead_{};  // started with the first file offered to it
  std::size_t next_offer_ = 0;             // the next planned upload to offer to read_ahead_
};

}  // namespace s3mirror::sync
