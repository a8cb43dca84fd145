// The executor's driver loop, its exchanges and retries, and the deletes. The upload state
// machine is in upload_steps.cpp.
#include "sync/execute/executor.h"

#include <algorithm>

#include "s3/s3_error.h"
#include "s3/xml.h"
#include "sync/execute/executor_engine.h"

namespace s3mirror::sync {

Engine::Engine(const Plan& plan, const std::vector<LocalFile>& files,
               const ExecutorOptions& options, ExecutorEnvironment& environment)
    : plan_(plan), files_(files), options_(options), env_(environment) {
  // The read-ahead's bytes come out of the memory budget: a quarter of it at most.
  if (options_.read_ahead_threads > 0) {
    read_ahead_bytes_ = std::min(ReadAheadOptions{}.max_bytes, options_.memory_budget / 4);
  }
}

ExecutionResult Engine::Run() {
  if (!plan_.uploads.empty()) env_.reporter.OnPhase(report::Phase::kUploading);
  Pump([this] { return StartUploadWork(); });
  if (!plan_.header_repairs.empty() && !Cancelled()) Pump([this] { return StartRepairWork(); });
  if (!plan_.deletes.empty()) {
    if (Cancelled()) {
      result_.deletes_skipped = true;
    } else if (result_.failed > 0) {
      result_.deletes_skipped = true;
      env_.reporter.OnWarning("skipped " + std::to_string(plan_.deletes.size()) +
                              " deletion(s) because " + std::to_string(result_.failed) +
                              " upload(s) failed");
    } else {
      env_.reporter.OnPhase(report::Phase::kDeleting);
      Pump([this] { return StartDeleteBatch(); });
    }
  }
  result_.interrupted = Cancelled();
  return std::move(result_);
}

// The driver loop: start work while there is room, then wait for one round of completions (or
// until the next retry is due) and act on them. Returns when nothing is in flight or waiting and
// `start_one` has nothing more to start.
template <typename StartOne>
void Engine::Pump(StartOne start_one) {
  for (;;) {
    if (Cancelled()) HandleCancel();
    StartDueRetries();
    while (!Cancelled() && in_flight_.size() < static_cast<std::size_t>(options_.concurrency) &&
           start_one()) {
    }
    if (in_flight_.empty() && waiting_.empty()) {
      // Nothing can make progress except new work: stop when there is none.
      if (Cancelled() || !start_one()) return;
      continue;
    }
    for (http::Completion& completion : env_.transport.Wait(WaitTimeout())) {
      OnCompletion(std::move(completion));
    }
  }
}

bool Engine::HasExchange(std::size_t upload) const {
  return std::any_of(in_flight_.begin(), in_flight_.end(),
                     [upload](const auto& entry) { return entry.second.owner == upload; }) ||
         std::any_of(waiting_.begin(), waiting_.end(),
                     [upload](const Waiting& entry) { return entry.exchange.owner == upload; });
}

bool Engine::Aborting(std::size_t upload) const {
  const auto it = uploads_.find(upload);
  return it != uploads_.end() && it->second.stage == UploadStage::kAborting;
}

bool Engine::Cancelled() const {
  return env_.cancel != nullptr && env_.cancel->load(std::memory_order_relaxed) != 0;
}

// Cancellation: single PUTs in flight may finish; waiting retries are dropped; multipart uploads
// stop sending parts and are aborted (an Abort is the only request started after a cancel).
void Engine::HandleCancel() {
  if (cancel_handled_) return;
  cancel_handled_ = true;
  std::vector<Waiting> waiting = std::move(waiting_);
  waiting_.clear();
  for (Waiting& entry : waiting) {
    if (entry.exchange.kind == ExchangeKind::kAbort) {
      waiting_.push_back(std::move(entry));
    } else {
      Release(entry.exchange);
    }
  }
  // Multipart uploads still sending parts, or whose Complete retry was just dropped, hold stored
  // parts: abort them. A Complete in flight may finish.
  const Error cancelled{.kind = ErrorKind::kCancelled, .message = "interrupted"};
  std::vector<std::size_t> to_abort, idle;
  for (auto& [id, upload] : uploads_) {
    const bool busy = HasExchange(id);
    if (upload.stage == UploadStage::kSendingParts ||
        (upload.stage == UploadStage::kCompleting && !busy)) {
      to_abort.push_back(id);
    } else if (!busy) {
      idle.push_back(id);  // its only request was a dropped retry: nothing left to wait for
    }
  }
  for (std::size_t id : to_abort) BeginAbort(uploads_.at(id), cancelled, false);
  for (std::size_t id : idle) uploads_.erase(id);
  sending_.clear();
  restarts_.clear();
}

// Signs right before sending (the signature carries the time), then starts the exchange.
void Engine::Send(Exchange exchange) {
  http::Request request = exchange.request;
  Status signed_ok = env_.signer.Sign(request);
  if (!signed_ok) return OnFailure(std::move(exchange), std::move(signed_ok).error());
  ++result_.requests;
  const http::ExchangeId id = env_.transport.Start(std::move(request));
  in_flight_.emplace(id, std::move(exchange));
}

void Engine::StartDueRetries() {
  const TimePoint now = env_.clock.Steady();
  while (in_flight_.size() < static_cast<std::size_t>(options_.concurrency)) {
    auto due = std::min_element(waiting_.begin(), waiting_.end(),
                                [](const Waiting& a, const Waiting& b) { return a.due < b.due; });
    if (due == waiting_.end() || due->due > now) return;
    Exchange exchange = std::move(due->exchange);
    waiting_.erase(due);
    Send(std::move(exchange));
  }
}

std::chrono::milliseconds Engine::WaitTimeout() const {
  return http::TimeToNextRetry(waiting_, env_.clock.Steady());
}

void Engine::OnCompletion(http::Completion completion) {
  auto it = in_flight_.find(completion.id);
  if (it == in_flight_.end()) return;
  Exchange exchange = std::move(it->second);
  in_flight_.erase(it);
  Result<http::Response> response =
      s3::CheckResponse(std::move(completion.response), exchange.subject);
  if (!response) return OnFailure(std::move(exchange), std::move(response).error());
  if (exchange.kind == ExchangeKind::kDelete) return OnDeleteDone(exchange, *response);
  if (exchange.kind == ExchangeKind::kHead || exchange.kind == ExchangeKind::kCopy) {
    return OnRepairDone(exchange, *response);
  }
  OnUploadDone(exchange, *response);
}

// A failed attempt: retried after a backoff when the error allows and attempts remain (an Abort
// even after a cancel, so that no parts are left behind; never a part of an upload being
// aborted), else the failure of its upload/batch.
void Engine::OnFailure(Exchange exchange, Error error) {
  const bool may_retry = (!Cancelled() || exchange.kind == ExchangeKind::kAbort) &&
                         !(exchange.kind == ExchangeKind::kPart && Aborting(exchange.owner));
  if (http::IsRetryable(error) && exchange.attempt < options_.retry.max_attempts && may_retry) {
    const double random01 = env_.random01 ? env_.random01() : 0.5;
    const auto delay = http::BackoffDelay(options_.retry, exchange.attempt, random01, error);
    env_.reporter.OnRetry(exchange.subject, error, exchange.attempt, delay);
    ++result_.retries;
    ++exchange.attempt;
    waiting_.push_back({env_.clock.Steady() + delay, std::move(exchange)});
    return;
  }
  Release(exchange);
  if (exchange.kind == ExchangeKind::kDelete) return OnDeleteFailed(exchange, error);
  if (Cancelled() && http::IsRetryable(error) && exchange.kind != ExchangeKind::kAbort) {
    error = Error{.kind = ErrorKind::kCancelled, .message = "interrupted"};  // not a failure
  }
  if (exchange.kind == ExchangeKind::kHead || exchange.kind == ExchangeKind::kCopy) {
    return OnRepairFailed(exchange, error);
  }
  OnUploadFailed(exchange, error);
}

void Engine::Release(const Exchange& exchange) {
  memory_in_use_ -= std::min(memory_in_use_, exchange.memory);
}

// A body that does not fit is still allowed when nothing else is held, so that progress is
// always possible.
bool Engine::FitsBudget(std::uint64_t bytes) const {
  return memory_in_use_ == 0 ||
         memory_in_use_ + bytes <= options_.memory_budget - read_ahead_bytes_;
}

void Engine::RecordError(std::string_view key, const Error& error) {
  ++result_.failed;
  env_.reporter.OnFailed(key, error);
  if (result_.first_errors.size() < kMaxFirstErrors) {
    result_.first_errors.push_back(std::string(key) + ": " + error.message);
  }
}

std::string Engine::Subject(std::string_view method, std::string_view key) const {
  return std::string(method) + " s3://" + env_.builder.bucket() + "/" + std::string(key);
}

bool Engine::StartDeleteBatch() {
  const std::size_t first = next_delete_batch_ * kDeleteBatchSize;
  if (first >= plan_.deletes.size()) return false;
  const std::size_t last = std::min(plan_.deletes.size(), first + kDeleteBatchSize);
  std::vector<std::string> keys;
  for (std::size_t i = first; i < last; ++i) keys.push_back(options_.prefix + plan_.deletes[i]);
  Exchange exchange{.kind = ExchangeKind::kDelete,
                    .owner = next_delete_batch_++,
                    .request = env_.builder.DeleteObjects(keys),
                    .subject = "DELETE " + std::to_string(keys.size()) + " object(s) in s3://" +
                               env_.builder.bucket()};
  Send(std::move(exchange));
  return true;
}

// A Quiet multi-object delete lists only the keys that could not be deleted.
void Engine::OnDeleteDone(const Exchange& exchange, const http::Response& response) {
  Result<s3::DeleteResult> parsed = s3::ParseDeleteResult(response.body);
  if (!parsed) return OnDeleteFailed(exchange, parsed.error());
  const std::size_t first = exchange.owner * kDeleteBatchSize;
  const std::size_t last = std::min(plan_.deletes.size(), first + kDeleteBatchSize);
  std::vector<std::string_view> failed_keys;
  for (const s3::DeleteFailure& failure : parsed->failed) {
    failed_keys.push_back(failure.key);
    const bool denied = failure.code == "AccessDenied";
    RecordError(failure.key,
                Error{.kind = denied ? ErrorKind::kAuth : ErrorKind::kServer,
                      .message = "DELETE s3://" + env_.builder.bucket() + "/" + failure.key + ": " +
                                 failure.code + " " + failure.message,
                      .s3_code = failure.code});
  }
  for (std::size_t i = first; i < last; ++i) {
    const std::string key = options_.prefix + plan_.deletes[i];
    if (std::find(failed_keys.begin(), failed_keys.end(), key) != failed_keys.end()) continue;
    ++result_.deleted;
    env_.reporter.OnDeleted(key);
  }
}

void Engine::OnDeleteFailed(const Exchange& exchange, const Error& error) {
  const std::size_t first = exchange.owner * kDeleteBatchSize;
  const std::size_t last = std::min(plan_.deletes.size(), first + kDeleteBatchSize);
  for (std::size_t i = first; i < last; ++i) RecordError(options_.prefix + plan_.deletes[i], error);
}

ExecutionResult ExecutePlan(const Plan& plan, const std::vector<LocalFile>& files,
                            const ExecutorOptions& options, ExecutorEnvironment& environment) {
  Engine engine(plan, files, options, environment);
  return engine.Run();
}

}  // namespace s3mirror::sync
