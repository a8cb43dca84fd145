// The parallel listing's driver loop (contract in range_lister.h; ranges in list_ranges.h).
#include "sync/listing/range_lister.h"

#include <algorithm>
#include <deque>
#include <unordered_map>

#include "s3/s3_error.h"
#include "s3/xml.h"
#include "sync/listing/list_ranges.h"
#include "sync/listing/serial_lister.h"

namespace s3mirror::sync {
namespace {

class RangeLister {
 public:
  RangeLister(const std::vector<LocalFile>& local, const RangeListOptions& options,
              RangeListEnvironment& environment);
  Result<Diff> Run();

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Range {
    KeyRange bounds;
    s3::ListParams next;   // the request for the range's next page
    std::string previous;  // the last key taken (or the lower bound)
    DiffMerger merger;     // the range's pages against its local files
    Diff diff{};           // once done, until appended to diff_
    bool done = false;
  };
  struct Page {
    std::size_t range = 0;
    int attempt = 1;
  };
  struct Waiting {
    TimePoint due;
    Page page;
  };

  bool Cancelled() const;
  Status Pump();
  Status StartDueRetries();
  Status Send(Page page);
  Status OnCompletion(http::Completion completion);
  Status OnFailure(Page page, Error error);
  void Take(std::size_t index, s3::ListPage page);
  void Flush();
  std::chrono::milliseconds WaitTimeout() const;
  void CancelInFlight();

  const std::vector<LocalFile>& local_;
  const RangeListOptions& options_;
  RangeListEnvironment& env_;
  const std::size_t slots_;
  const std::string subject_;
  std::vector<Range> ranges_{};
  std::deque<std::size_t> ready_{};  // ranges whose next page can be sent
  std::unordered_map<http::ExchangeId, Page> in_flight_{};
  std::vector<Waiting> waiting_{};
  Diff diff_{};              // the finished ranges before the first unfinished one
  std::size_t flushed_ = 0;  // ranges appended to diff_
  std::size_t listed_ = 0;
  bool out_of_order_ = false;
};

RangeLister::RangeLister(const std::vector<LocalFile>& local, const RangeListOptions& options,
                         RangeListEnvironment& environment)
    : local_(local),
      options_(options),
      env_(environment),
      slots_(static_cast<std::size_t>(std::clamp(options.concurrency, 1, kMaxListRequests))),
      subject_("LIST s3://" + environment.builder.bucket() + "/" + options.prefix) {
  for (KeyRange& bounds :
       SplitKeyRanges(local, options.prefix, KeysPerRange(local.size(), slots_))) {
    Range range{.bounds = bounds,
                .next = {.prefix = options.prefix, .start_after = bounds.start_after},
                .previous = bounds.start_after,
                .merger = DiffMerger(local, bounds.local_begin, bounds.local_end)};
    ranges_.push_back(std::move(range));
  }
  // The no-change run: a same-size pair per file. Pages not touched stay unmapped.
  diff_.same_size.reserve(local.size());
}

Result<Diff> RangeLister::Run() {
  Result<s3::ListPage> first = env_.client.List(ranges_[0].next);
  if (!first) return Fail(std::move(first).error());
  Take(0, std::move(first).value());
  for (std::size_t i = 1; i < ranges_.size(); ++i) ready_.push_back(i);
  Status pumped = Pump();
  if (!pumped) return Fail(std::move(pumped).error());
  if (out_of_order_) {
    ranges_.clear();
    diff_ = {};
    Result<std::vector<RemoteObject>> listed =
        ListRemote(env_.client, options_.prefix, env_.on_page);
    if (!listed) return Fail(std::move(listed).error());
    return DiffListings(local_, *listed);
  }
  return std::move(diff_);
}

bool RangeLister::Cancelled() const {
  return env_.cancel != nullptr && env_.cancel->load(std::memory_order_relaxed) != 0;
}

// Returns when every range is listed, at the first error that retries do not cure, when the
// server turns out not to list in order, or when cancelled.
Status RangeLister::Pump() {
  for (;;) {
    if (Cancelled() || out_of_order_) {
      CancelInFlight();
      if (out_of_order_) return {};
      return Fail(ErrorKind::kCancelled, "interrupted");
    }
    Status started = StartDueRetries();
    while (started && in_flight_.size() < slots_ && !ready_.empty()) {
      const std::size_t index = ready_.front();
      ready_.pop_front();
      started = Send(Page{.range = index});
    }
    if (!started) {
      CancelInFlight();
      return started;
    }
    if (in_flight_.empty() && waiting_.empty()) return {};
    for (http::Completion& completion : env_.transport.Wait(WaitTimeout())) {
      Status handled = OnCompletion(std::move(completion));
      if (!handled) {
        CancelInFlight();
        return handled;
      }
    }
  }
}

Status RangeLister::StartDueRetries() {
  const TimePoint now = env_.clock.Steady();
  while (in_flight_.size() < slots_) {
    auto due = std::min_element(waiting_.begin(), waiting_.end(),
                                [](const Waiting& a, const Waiting& b) { return a.due < b.due; });
    if (due == waiting_.end() || due->due > now) return {};
    const Page page = due->page;
    waiting_.erase(due);
    if (Status sent = Send(page); !sent) return sent;
  }
  return {};
}

// Signs right before sending (the signature carries the time). Signing fails only for want of
// credentials, which no retry cures.
Status RangeLister::Send(Page page) {
  http::Request request = env_.builder.ListObjectsV2(ranges_[page.range].next);
  if (Status signed_ok = env_.signer.Sign(request); !signed_ok) {
    Error error = std::move(signed_ok).error();
    error.message = subject_ + ": " + error.message;
    return Fail(std::move(error));
  }
  in_flight_.emplace(env_.transport.Start(std::move(request)), page);
  return {};
}

Status RangeLister::OnCompletion(http::Completion completion) {
  auto it = in_flight_.find(completion.id);
  if (it == in_flight_.end()) return {};
  const Page page = it->second;
  in_flight_.erase(it);
  Result<http::Response> response = s3::CheckResponse(std::move(completion.response), subject_);
  if (!response) return OnFailure(page, std::move(response).error());
  Result<s3::ListPage> parsed = s3::ParseListObjectsV2(response->body);
  if (!parsed) {
    Error error = std::move(parsed).error();
    error.message = subject_ + ": " + error.message;
    return Fail(std::move(error));
  }
  Take(page.range, std::move(parsed).value());
  return {};
}

// A failed attempt is retried after a backoff while the error allows and attempts remain;
// otherwise it is the listing's error.
Status RangeLister::OnFailure(Page page, Error error) {
  if (!http::IsRetryable(error) || page.attempt >= std::max(1, options_.retry.max_attempts)) {
    return Fail(std::move(error));
  }
  const double random01 = env_.random01 ? env_.random01() : 0.5;
  const auto delay = http::BackoffDelay(options_.retry, page.attempt, random01, error);
  if (env_.on_retry) env_.on_retry(subject_, error, page.attempt, delay);
  ++page.attempt;
  waiting_.push_back({env_.clock.Steady() + delay, page});
  return {};
}

// Takes a page into its range and queues the range's next page, if any.
void RangeLister::Take(std::size_t index, s3::ListPage page) {
  Range& range = ranges_[index];
  const std::size_t before = range.merger.added();
  const PageTake take = TakePage(range.bounds, range.previous, page, options_.prefix, range.merger);
  if (take.out_of_order) {
    out_of_order_ = true;
    return;
  }
  listed_ += range.merger.added() - before;
  if (env_.on_page) env_.on_page(listed_);
  if (take.range_done) {
    range.diff = range.merger.Finish();
    range.done = true;
    return Flush();
  }
  if (!take.last_key.empty()) range.previous = take.last_key;
  range.next.continuation_token = page.next_continuation_token;
  ready_.push_back(index);
}

// Ranges finish roughly in the order they started; each one's Diff is appended as soon as every
// range before it is done, so only a few ranges' Diffs are held besides the whole.
void RangeLister::Flush() {
  for (; flushed_ < ranges_.size() && ranges_[flushed_].done; ++flushed_) {
    AppendDiff(diff_, std::move(ranges_[flushed_].diff));
  }
}

std::chrono::milliseconds RangeLister::WaitTimeout() const {
  return http::TimeToNextRetry(waiting_, env_.clock.Steady());
}

void RangeLister::CancelInFlight() {
  for (const auto& entry : in_flight_) env_.transport.Cancel(entry.first);
  in_flight_.clear();
  waiting_.clear();
}

}  // namespace

Result<Diff> ListRemoteInRanges(const std::vector<LocalFile>& local,
                                const RangeListOptions& options,
                                RangeListEnvironment& environment) {
  RangeLister lister(local, options, environment);
  return lister.Run();
}

}  // namespace s3mirror::sync
