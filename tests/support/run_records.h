// Finished runs as the history holds them, for status tests: a run of `duration` that ended
// `ago` before kStatusNow.
#pragma once

#include <chrono>

#include "report/reporter.h"
#include "state/run_history.h"

namespace s3mirror::testing {

inline const auto kStatusNow = std::chrono::system_clock::from_time_t(1764081783);

inline state::RunRecord FinishedRun(std::chrono::seconds ago, std::chrono::seconds duration,
                                    report::Outcome outcome = report::Outcome::kSuccess) {
  state::RunRecord record;
  record.destination_url = "s3://bucket/site/";
  record.finished_at = kStatusNow - ago;
  record.started_at = record.finished_at - duration;
  record.summary.duration = duration;
  record.summary.outcome = outcome;
  record.summary.uploaded = 123;
  record.summary.bytes_uploaded = 1258291;
  return record;
}

}  // namespace s3mirror::testing
