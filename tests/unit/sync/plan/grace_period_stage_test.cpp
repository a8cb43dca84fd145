#include <catch2/catch.hpp>

#include "support/temp_dir.h"
#include "sync/plan/grace_period_stage.h"
#include "unit/sync/execute/executor_fixture.h"

namespace s3mirror::sync {
namespace {

struct StageHarness {
  testing::TempDir state;
  SyncOptions options;
  testing_executor::RecordingReporter reporter;  // its warnings

  StageHarness() {
    options.delete_remote = true;
    options.delete_after_missing = 2;
    options.missing_counts_path = state.Join("x.missing");
  }
};

Plan Deleting(std::vector<std::string> keys) {
  Plan plan;
  plan.deletes = std::move(keys);
  return plan;
}

}  // namespace

TEST_CASE("GracePeriodStage is wanted only with --delete and --delete-after-missing") {
  StageHarness h;
  CHECK(GracePeriodStage(h.options, h.reporter).Wanted());
  h.options.delete_after_missing = 0;
  CHECK_FALSE(GracePeriodStage(h.options, h.reporter).Wanted());
  h.options.delete_after_missing = 2;
  h.options.delete_remote = false;
  CHECK_FALSE(GracePeriodStage(h.options, h.reporter).Wanted());
}

TEST_CASE("GracePeriodStage deletes a missing key at the second successful run of two") {
  StageHarness h;
  {
    GracePeriodStage stage(h.options, h.reporter);
    Plan plan = Deleting({"gone.html"});
    SyncResult result;
    stage.ApplyTo(plan, result);
    CHECK(plan.deletes.empty());
    CHECK(result.kept_missing == 1);
    CHECK_FALSE(result.kept_note.empty());
    stage.SaveCountsFor(report::Outcome::kSuccess);
  }
  GracePeriodStage stage(h.options, h.reporter);
  Plan plan = Deleting({"gone.html"});
  SyncResult result;
  stage.ApplyTo(plan, result);
  CHECK(plan.deletes == std::vector<std::string>{"gone.html"});
  CHECK(result.kept_missing == 0);
  CHECK(h.reporter.warnings.empty());
}

TEST_CASE("GracePeriodStage does not advance the counters after a run that failed") {
  StageHarness h;
  for (int run = 0; run < 2; ++run) {
    GracePeriodStage stage(h.options, h.reporter);
    Plan plan = Deleting({"gone.html"});
    SyncResult result;
    stage.ApplyTo(plan, result);
    CHECK(plan.deletes.empty());
    stage.SaveCountsFor(report::Outcome::kPartial);
  }
}

TEST_CASE("GracePeriodStage blocks the due deletes of a run in which a file failed") {
  StageHarness h;
  GracePeriodStage stage(h.options, h.reporter);
  const Plan plan = Deleting({"a.html", "b.html"});
  CHECK_FALSE(stage.BlocksDeletes(plan, 1));  // not applied: no grace period in this run
  Plan applied = Deleting({"a.html"});
  SyncResult result;
  stage.ApplyTo(applied, result);
  CHECK_FALSE(stage.BlocksDeletes(plan, 0));
  CHECK_FALSE(stage.BlocksDeletes(Plan{}, 1));
  CHECK(stage.BlocksDeletes(plan, 3));
  CHECK(h.reporter.warnings ==
        std::vector<std::string>{
            "skipped 2 deletion(s) because 3 file(s) failed (--delete-after-missing)"});
}

}  // namespace s3mirror::sync
