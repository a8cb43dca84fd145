// The executor's order of requests: in website order the HTML pages start only when every asset
// upload has ended; a multipart upload's abort starts only when its parts in flight have ended.
#include <algorithm>

#include <catch2/catch.hpp>

#include "unit/sync/execute/executor_fixture.h"

namespace s3mirror::sync {

using testing::MakeResponse;
using testing::MakeS3Error;
using testing_executor::Harness;

namespace {

// Passes exchanges on to a FakeTransport and writes "start METHOD PATH[?QUERY]" and "end ..." to
// one timeline, so that a test can see what had finished when something else started.
class TimelineTransport final : public http::Transport {
 public:
  explicit TimelineTransport(testing::FakeTransport& inner) : inner_(inner) {}

  http::ExchangeId Start(http::Request request) override {
    std::string name = request.method + " " + request.path;
    if (!request.query.empty()) name += "?" + request.query.substr(0, request.query.find('='));
    timeline.push_back("start " + name);
    const http::ExchangeId id = inner_.Start(std::move(request));
    names_[id] = std::move(name);
    return id;
  }
  std::vector<http::Completion> Wait(std::chrono::milliseconds max_wait) override {
    std::vector<http::Completion> done = inner_.Wait(max_wait);
    for (const http::Completion& completion : done)
      timeline.push_back("end " + names_[completion.id]);
    return done;
  }
  size_t InFlight() const override { return inner_.InFlight(); }
  void Cancel(http::ExchangeId id) override { inner_.Cancel(id); }

  // The position of the first entry equal to `entry`; timeline.size() when there is none.
  std::size_t Find(const std::string& entry) const {
    return static_cast<std::size_t>(std::find(timeline.begin(), timeline.end(), entry) -
                                    timeline.begin());
  }

  std::vector<std::string> timeline;

 private:
  testing::FakeTransport& inner_;
  std::map<http::ExchangeId, std::string> names_;
};

ExecutionResult RunOver(Harness& h, http::Transport& transport) {
  ExecutorEnvironment environment = h.EnvironmentOver(transport);
  return h.RunIn(environment);
}

// Assets a.css (small) and big.pdf (3 parts), then pages a.html and b.htm; one delete.
void AddSite(Harness& h) {
  h.options.multipart_threshold = 20;
  h.options.part_size = 10;
  h.AddFile("a.css", "body {}");
  h.AddFile("big.pdf", "0123456789abcdefghijKLMNO");
  h.AddFile("a.html", "<p>a</p>");
  h.AddFile("b.htm", "<p>b</p>");
  h.plan.first_page = 2;
  h.plan.deletes = {"old.html"};
  h.EmulateMultipart();
  h.transport.Enqueue("POST", "/bucket", MakeResponse(200, "<DeleteResult></DeleteResult>"));
}

}  // namespace

TEST_CASE("Executor starts the HTML pages only after every asset upload has ended") {
  Harness h;
  AddSite(h);
  TimelineTransport transport(h.transport);
  const ExecutionResult result = RunOver(h, transport);
  CHECK(result.uploaded == 4);
  CHECK(result.deleted == 1);
  const std::size_t first_page = transport.Find("start PUT /bucket/site/a.html");
  REQUIRE(first_page < transport.timeline.size());
  CHECK(transport.Find("end PUT /bucket/site/a.css") < first_page);
  CHECK(transport.Find("end POST /bucket/site/big.pdf?uploadId") < first_page);
  // Within the page stage both pages are in flight together: concurrency stays full.
  CHECK(transport.Find("start PUT /bucket/site/b.htm") <
        transport.Find("end PUT /bucket/site/a.html"));
  // Within the asset stage too: the CSS and the multipart upload overlap.
  CHECK(transport.Find("start POST /bucket/site/big.pdf?uploads") <
        transport.Find("end PUT /bucket/site/a.css"));
  CHECK(transport.Find("end PUT /bucket/site/b.htm") < transport.Find("start POST /bucket?delete"));
  CHECK(h.reporter.warnings.empty());
}

TEST_CASE("Executor with one stage starts pages and assets together in key order") {
  Harness h;
  AddSite(h);
  h.plan.first_page = 0;
  TimelineTransport transport(h.transport);
  CHECK(RunOver(h, transport).uploaded == 4);
  CHECK(transport.Find("start PUT /bucket/site/a.html") <
        transport.Find("end PUT /bucket/site/a.css"));
}

TEST_CASE("Executor uploads the pages after a failed asset, warns, and skips the deletes") {
  Harness h;
  AddSite(h);
  h.options.retry.max_attempts = 2;
  for (int i = 0; i < 2; ++i) {
    h.transport.Enqueue("PUT", "/bucket/site/a.css", MakeS3Error(500, "InternalError"));
  }
  TimelineTransport transport(h.transport);
  const ExecutionResult result = RunOver(h, transport);
  CHECK(result.failed == 1);
  CHECK(result.uploaded == 3);
  CHECK(h.reporter.Has("uploaded site/a.html 8"));
  CHECK(h.reporter.Has("uploaded site/b.htm 8"));
  // The failed asset ended (its last attempt answered) before the first page started.
  const std::size_t first_page = transport.Find("start PUT /bucket/site/a.html");
  std::size_t last_css_end = 0;
  for (std::size_t i = 0; i < transport.timeline.size(); ++i) {
    if (transport.timeline[i] == "end PUT /bucket/site/a.css") last_css_end = i;
  }
  CHECK(last_css_end < first_page);
  REQUIRE(h.reporter.warnings.size() == 2);
  CHECK(h.reporter.warnings[0].find("1 asset upload(s) failed; uploading the HTML pages anyway") !=
        std::string::npos);
  CHECK(result.deletes_skipped);
  CHECK(transport.Find("start POST /bucket?delete") == transport.timeline.size());
}

TEST_CASE("Executor waits for an asset read again after a change before starting the pages") {
  Harness h;
  h.AddFile("a.js", "var a;");
  h.AddFile("index.html", "<p>i</p>");
  h.plan.first_page = 1;
  h.reader.changes_during_read["/src/a.js"] = 1;
  TimelineTransport transport(h.transport);
  CHECK(RunOver(h, transport).uploaded == 2);
  CHECK(transport.Find("end PUT /bucket/site/a.js") <
        transport.Find("start PUT /bucket/site/index.html"));
}

TEST_CASE("Executor sends a multipart abort only after the upload's parts in flight have ended") {
  Harness h;
  h.options.multipart_threshold = 20;
  h.options.part_size = 10;
  h.options.concurrency = 4;
  h.AddFile("big.pdf", "0123456789abcdefghijKLMNO");  // 3 parts, all in flight together
  h.EmulateMultipart();
  // Part 1 is refused (not retryable); part 2 meets a retryable error; part 3 is stored.
  h.transport.Enqueue("PUT", "/bucket/site/big.pdf", MakeS3Error(400, "BadDigest"));
  h.transport.Enqueue("PUT", "/bucket/site/big.pdf", MakeS3Error(503, "SlowDown"));
  TimelineTransport transport(h.transport);
  const ExecutionResult result = RunOver(h, transport);
  CHECK(result.failed == 1);
  REQUIRE(result.first_errors.size() == 1);
  CHECK(result.first_errors[0].find("BadDigest") != std::string::npos);
  // Neither cut off nor retried: a part cut off after its body was sent may still be stored
  // after the abort; a retried one would be sent after it.
  CHECK(h.transport.cancelled().empty());
  CHECK(h.transport.RequestsFor("PUT", "partNumber=").size() == 3);
  const std::size_t abort = transport.Find("start DELETE /bucket/site/big.pdf?uploadId");
  REQUIRE(abort < transport.timeline.size());
  std::size_t last_part_end = 0;
  for (std::size_t i = 0; i < transport.timeline.size(); ++i) {
    if (transport.timeline[i] == "end PUT /bucket/site/big.pdf?partNumber") last_part_end = i;
  }
  CHECK(std::count(transport.timeline.begin(), transport.timeline.end(),
                   "end PUT /bucket/site/big.pdf?partNumber") == 3);
  CHECK(last_part_end < abort);
  CHECK(h.transport.RequestsFor("DELETE", "uploadId=UP1").size() == 1);
  CHECK(h.transport.RequestsFor("POST", "uploadId=").empty());  // never completed
}

}  // namespace s3mirror::sync
