// The request counts of a run in the summary's request line, the Prometheus file and statsd.
#include <catch2/catch.hpp>

#include "report/metrics_file_reporter.h"
#include "report/statsd_reporter.h"

namespace s3mirror::report {
namespace {

RunSummary CountedRun() {
  RunSummary summary;
  http::RequestCounts& c = summary.request_counts;
  c.list = 2;
  c.put = 9;
  c.del = 1;
  c.multipart_create = 1;
  c.multipart_part = 3;
  c.multipart_complete = 1;
  c.throttled = 2;
  c.server_errors = 1;
  c.network_errors = 1;
  summary.requests = c.Total();
  summary.retries = 4;
  return summary;
}

}  // namespace

TEST_CASE("FormatRequestLine shows every type, the multipart group and the answers") {
  const RunSummary summary = CountedRun();
  CHECK(FormatRequestLine(summary.request_counts, summary.retries) ==
        "requests 17: LIST 2, GET 0, HEAD 0, PUT 9, COPY 0, DELETE 1, multipart 5 (create 1, "
        "part 3, complete 1, abort 0), other 0; retries 4, 503/SlowDown 2, other 5xx 1, network "
        "errors 1");
}

TEST_CASE("FormatPrometheusMetrics has the requests by type, the retries and the error answers") {
  const std::string text =
      FormatPrometheusMetrics("s3://b/", CountedRun(), std::chrono::system_clock::from_time_t(0));
  const std::string label = "{destination=\"s3://b/\"";
  CHECK_THAT(text, Catch::Contains("# TYPE s3mirror_last_run_requests gauge\n"));
  CHECK_THAT(text, Catch::Contains("s3mirror_last_run_requests" + label + ",type=\"list\"} 2\n"));
  CHECK_THAT(text, Catch::Contains("s3mirror_last_run_requests" + label + ",type=\"copy\"} 0\n"));
  CHECK_THAT(text, Catch::Contains("s3mirror_last_run_requests" + label +
                                   ",type=\"multipart_part\"} 3\n"));
  CHECK_THAT(text, Catch::Contains("s3mirror_last_run_retries" + label + "} 4\n"));
  CHECK_THAT(text, Catch::Contains("s3mirror_last_run_error_answers" + label +
                                   ",answer=\"throttled\"} 2\n"));
  CHECK_THAT(text, Catch::Contains("s3mirror_last_run_error_answers" + label +
                                   ",answer=\"network_errors\"} 1\n"));
}

TEST_CASE("StatsdLines sends a counter per request type, the retries and the error answers") {
  const std::vector<std::string> lines = StatsdLines("s3mirror", CountedRun());
  const auto has = [&lines](const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  };
  CHECK(has("s3mirror.requests.list:2|c"));
  CHECK(has("s3mirror.requests.put:9|c"));
  CHECK(has("s3mirror.requests.delete:1|c"));
  CHECK(has("s3mirror.requests.multipart_complete:1|c"));
  CHECK(has("s3mirror.requests_retried:4|c"));
  CHECK(has("s3mirror.answers.throttled:2|c"));
  CHECK(has("s3mirror.answers.server_errors:1|c"));
}

}  // namespace s3mirror::report
