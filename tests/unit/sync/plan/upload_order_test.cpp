#include "sync/plan/upload_order.h"

#include <catch2/catch.hpp>

#include "sync/plan/planner.h"

namespace s3mirror::sync {
namespace {

std::vector<std::string> Paths(const Plan& plan, const std::vector<LocalFile>& files) {
  std::vector<std::string> paths;
  for (const PlannedUpload& upload : plan.uploads) paths.push_back(files[upload.local_index].path);
  return paths;
}

std::vector<LocalFile> Files(std::initializer_list<const char*> paths) {
  std::vector<LocalFile> files;
  for (const char* path : paths) files.push_back({.path = path, .size = 1});
  return files;
}

Plan PlanAll(const std::vector<LocalFile>& files) {
  Plan plan;
  for (std::size_t i = 0; i < files.size(); ++i) plan.uploads.push_back({.local_index = i});
  return plan;
}

}  // namespace

TEST_CASE("IsHtmlKey knows .html, .htm and .xhtml in any case, by the last segment") {
  for (const char* key :
       {"index.html", "a/b/page.htm", "doc.xhtml", "A/INDEX.HTML", "x.HtM", "dir.html/page.html"}) {
    CHECK(IsHtmlKey(key));
  }
  for (const char* key :
       {"style.css", "app.js", "logo.png", "report.pdf", "data.csv", "html", ".html",
        "page.html.gz", "page.shtml", "dir.html/logo.png", "a.htmlx", "feed.xml"}) {
    INFO(key);
    CHECK_FALSE(IsHtmlKey(key));
  }
}

TEST_CASE("OrderForWebsite puts assets first and pages after, each in key order") {
  const auto files = Files({"a.css", "about/index.html", "img/logo.png", "index.HTM", "news.xhtml",
                            "report.pdf", "site.js"});
  Plan plan = PlanAll(files);
  OrderForWebsite(plan, files);
  CHECK(Paths(plan, files) == std::vector<std::string>{"a.css", "img/logo.png", "report.pdf",
                                                       "site.js", "about/index.html", "index.HTM",
                                                       "news.xhtml"});
  CHECK(plan.first_page == 4);
}

TEST_CASE("OrderForWebsite sets first_page to the end when there are no pages") {
  const auto files = Files({"a.css", "b.js"});
  Plan plan = PlanAll(files);
  OrderForWebsite(plan, files);
  CHECK(plan.first_page == 2);
  CHECK(Paths(plan, files) == std::vector<std::string>{"a.css", "b.js"});
}

TEST_CASE("OrderForWebsite leaves a plan of only pages as one stage") {
  const auto files = Files({"a.html", "b.html"});
  Plan plan = PlanAll(files);
  OrderForWebsite(plan, files);
  CHECK(plan.first_page == 0);
}

TEST_CASE("BuildPlan orders for the website only when asked to") {
  const auto files = Files({"a.html", "b.css", "c.htm", "d.png"});
  const std::vector<RemoteObject> remote;
  const Diff diff = DiffListings(files, remote);
  const ContentCheckResult content;
  PlanInput input{.local = files, .diff = diff, .content = content};
  const Plan plain = BuildPlan(input);
  CHECK(Paths(plain, files) == std::vector<std::string>{"a.html", "b.css", "c.htm", "d.png"});
  CHECK(plain.first_page == 0);
  input.website_order = true;
  const Plan ordered = BuildPlan(input);
  CHECK(Paths(ordered, files) == std::vector<std::string>{"b.css", "d.png", "a.html", "c.htm"});
  CHECK(ordered.first_page == 2);
  CHECK(ordered.upload_bytes == plain.upload_bytes);
}

}  // namespace s3mirror::sync
