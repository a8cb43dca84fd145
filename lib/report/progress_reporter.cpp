#include "report/progress_reporter.h"

#include <algorithm>

#include "util/units.h"

namespace s3mirror::report {
namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(250);
constexpr const char* kEraseToEnd = "\x1b[K";

std::string Count(std::uint64_t value) { return std::to_string(value); }

}  // namespace

void ProgressTally::EnterPhase(report::Phase phase, std::chrono::steady_clock::time_point now) {
  phase_ = phase;
  if (phase == report::Phase::kUploading && !upload_start_) upload_start_ = now;
}

void ProgressTally::Uploaded(std::uint64_t bytes) {
  ++files_done_;
  completed_bytes_ += bytes;
  // The parts of this file, if it was multipart, were counted by BytesSent; take them back out.
  part_bytes_ = part_bytes_ > bytes ? part_bytes_ - bytes : 0;
  Raise();
}

void ProgressTally::BytesSent(std::uint64_t bytes) {
  part_bytes_ += bytes;
  Raise();
}

void ProgressTally::Raise() {
  std::uint64_t estimate = completed_bytes_ + part_bytes_;
  if (planned_.upload_bytes > 0) estimate = std::min(estimate, planned_.upload_bytes);
  bytes_done_ = std::max(bytes_done_, estimate);
}

double ProgressTally::Rate(std::chrono::steady_clock::time_point now) const {
  if (!upload_start_) return 0;
  double seconds = std::chrono::duration<double>(now - *upload_start_).count();
  return seconds >= 1.0 ? static_cast<double>(bytes_done_) / seconds : 0;
}

std::optional<std::chrono::seconds> ProgressTally::Eta(
    std::chrono::steady_clock::time_point now) const {
  double rate = Rate(now);
  if (rate <= 0 || planned_.upload_bytes < bytes_done_) return std::nullopt;
  // eta = bytes left / average rate so far
  double left = static_cast<double>(planned_.upload_bytes - bytes_done_) / rate;
  return std::chrono::seconds(static_cast<std::int64_t>(left + 0.5));
}

std::string FormatProgressLine(const ProgressTally& tally,
                               std::chrono::steady_clock::time_point now) {
  const PlanTotals& planned = tally.planned();
  switch (tally.phase()) {
    case Phase::kScanning:
      return "scanning " + Count(tally.files_scanned()) + " files";
    case Phase::kListing:
      return "listing " + Count(tally.objects_listed()) + " objects";
    case Phase::kPlanning:
      return "planning";
    case Phase::kDeleting:
      return "deleting " + Count(tally.deletes_done()) + "/" + Count(planned.deletes) + " objects";
    case Phase::kDone:
      return "done";
    case Phase::kUploading:
      break;
  }
  std::string line = "uploading " + Count(tally.files_done()) + "/" + Count(planned.uploads) +
                     " files, " + FormatBytes(tally.bytes_done()) + "/" +
                     FormatBytes(planned.upload_bytes);
  if (double rate = tally.Rate(now); rate > 0) {
    line += ", " + FormatBytes(static_cast<std::uint64_t>(rate)) + "/s";
  }
  if (auto eta = tally.Eta(now)) line += ", ETA " + FormatDuration(*eta);
  if (tally.failed() > 0) line += ", " + Count(tally.failed()) + " failed";
  return line;
}

ProgressReporter::ProgressReporter(std::FILE* out, const Clock& clock, Logger* logger)
    : out_(out), clock_(clock), logger_(logger) {
  if (logger_) logger_->set_around_line(&ClearCallback, &RedrawCallback, this);
}

ProgressReporter::~ProgressReporter() {
  if (logger_) logger_->set_around_line(nullptr, nullptr, nullptr);
  Clear();
}

void ProgressReporter::OnPhase(report::Phase phase) {
  tally_.EnterPhase(phase, clock_.Steady());
  MaybeDraw(/*force=*/true);
}
void ProgressReporter::OnScanProgress(std::uint64_t files_scanned) {
  tally_.Scanned(files_scanned);
  MaybeDraw(false);
}
void ProgressReporter::OnListProgress(std::uint64_t objects_listed) {
  tally_.Listed(objects_listed);
  MaybeDraw(false);
}
void ProgressReporter::OnPlanned(const PlanTotals& totals) {
  tally_.Planned(totals);
  MaybeDraw(false);
}
void ProgressReporter::OnUploaded(std::string_view /*key*/, std::uint64_t bytes) {
  tally_.Uploaded(bytes);
  MaybeDraw(false);
}
void ProgressReporter::OnBytesSent(std::uint64_t bytes) {
  tally_.BytesSent(bytes);
  MaybeDraw(false);
}
void ProgressReporter::OnDeleted(std::string_view /*key*/) {
  tally_.Deleted();
  MaybeDraw(false);
}
void ProgressReporter::OnFailed(std::string_view /*key*/, const Error& /*error*/) {
  tally_.Failed();
  MaybeDraw(false);
}

void ProgressReporter::OnFinished(const RunSummary& /*summary*/) {
  Clear();
  finished_ = true;
}

void ProgressReporter::MaybeDraw(bool force) {
  if (finished_) return;
  auto now = clock_.Steady();
  if (!force && last_draw_ && now - *last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  Draw();
}

void ProgressReporter::Draw() {
  std::string line = FormatProgressLine(tally_, clock_.Steady());
  std::fprintf(out_, "\r%s%s", line.c_str(), kEraseToEnd);
  std::fflush(out_);
  shown_ = true;
}

void ProgressReporter::Clear() {
  if (!shown_) return;
  std::fprintf(out_, "\r%s", kEraseToEnd);
  std::fflush(out_);
  shown_ = false;
}

void ProgressReporter::ClearCallback(void* self) { static_cast<ProgressReporter*>(self)->Clear(); }

void ProgressReporter::RedrawCallback(void* self) {
  auto* reporter = static_cast<ProgressReporter*>(self);
  if (!reporter->finished_ && reporter->last_draw_) reporter->Draw();
}

}  // namespace s3mirror::report
