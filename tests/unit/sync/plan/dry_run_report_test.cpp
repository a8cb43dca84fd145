#include <catch2/catch.hpp>

#include "sync/plan/dry_run_report.h"

namespace s3mirror::sync {
namespace {

class PlanRecorder final : public report::Reporter {
 public:
  void OnUploadPlanned(std::string_view key, std::uint64_t bytes) override {
    events.push_back("upload " + std::string(key) + " " + std::to_string(bytes));
  }
  void OnDeletePlanned(std::string_view key) override {
    events.push_back("delete " + std::string(key));
  }
  void OnHeaderRepairPlanned(std::string_view key, bool check_first) override {
    events.push_back("repair " + std::string(key) + (check_first ? " check" : ""));
  }
  std::vector<std::string> events;
};

}  // namespace

TEST_CASE("ReportDryRun reports uploads, deletes and header repairs by full key in plan order") {
  const std::vector<LocalFile> files = {
      {.path = "a.css", .size = 10}, {.path = "b.html", .size = 20}, {.path = "c.pdf", .size = 30}};
  Plan plan;
  plan.uploads = {{.local_index = 1}, {.local_index = 0}};
  plan.deletes = {"old.html"};
  const std::vector<HeaderRepair> repairs = {{.local_index = 2, .check_first = false},
                                             {.local_index = 0, .check_first = true}};
  PlanRecorder reporter;
  ReportDryRun({.plan = plan, .files = files, .repairs = repairs, .prefix = "site/"}, reporter);
  CHECK(reporter.events == std::vector<std::string>{"upload site/b.html 20", "upload site/a.css 10",
                                                    "delete site/old.html", "repair site/c.pdf",
                                                    "repair site/a.css check"});
}

TEST_CASE("ReportDryRun reports nothing for an empty plan") {
  const std::vector<LocalFile> files = {{.path = "a.css", .size = 10}};
  PlanRecorder reporter;
  ReportDryRun({.plan = Plan{}, .files = files, .repairs = {}, .prefix = ""}, reporter);
  CHECK(reporter.events.empty());
}

}  // namespace s3mirror::sync
