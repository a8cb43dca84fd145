#include "report/log_reporter.h"

#include <catch2/catch.hpp>

#include "captured_stream.h"

namespace s3mirror::report {
namespace {

// A LogReporter over a text Logger whose stderr and stdout are captured.
struct ReporterUnderTest {
  explicit ReporterUnderTest(int verbosity)
      : logger(LogOptions{.verbosity = verbosity, .stream = err.file(), .output = out.file()}),
        reporter(logger) {}
  CapturedStream err;
  CapturedStream out;
  Logger logger;
  LogReporter reporter;
};

Error MakeError(ErrorKind kind, std::string message) {
  Error error;
  error.kind = kind;
  error.message = std::move(message);
  return error;
}

Error AccessDenied() {
  Error error = MakeError(ErrorKind::kAuth, "access denied");
  error.http_status = 403;
  error.s3_code = "AccessDenied";
  error.request_id = "4F2A";
  return error;
}

RunSummary OneUpload() {
  RunSummary summary;
  summary.files_scanned = 2;
  summary.uploaded = 1;
  summary.skipped = 1;
  summary.bytes_uploaded = 2048;
  summary.duration = std::chrono::milliseconds(1500);
  return summary;
}

}  // namespace

TEST_CASE("LogReporter lists uploads and deletes only with -v") {
  ReporterUnderTest quiet(0);
  quiet.reporter.OnUploaded("a.html", 5120);
  quiet.reporter.OnDeleted("old.html");
  CHECK(quiet.err.text().empty());

  ReporterUnderTest verbose(1);
  verbose.reporter.OnUploaded("a.html", 5120);
  verbose.reporter.OnDeleted("old.html");
  CHECK(verbose.err.text() == "upload a.html (5.0 KiB)\ndelete old.html\n");
}

TEST_CASE("LogReporter always reports failed files") {
  ReporterUnderTest quiet(-1);
  quiet.reporter.OnFailed("a.html", AccessDenied());
  CHECK(quiet.err.text() == "s3mirror: error: failed a.html: access denied\n");
}

TEST_CASE("LogReporter adds the S3 code, status and request id with -vv") {
  ReporterUnderTest debug(2);
  debug.reporter.OnFailed("a.html", AccessDenied());
  CHECK(debug.err.text() ==
        "s3mirror: error: failed a.html: access denied (AccessDenied, HTTP 403, request id "
        "4F2A)\n");
}

TEST_CASE("LogReporter reports retries with -v") {
  const Error reset = MakeError(ErrorKind::kNetwork, "connection reset");
  ReporterUnderTest quiet(0);
  quiet.reporter.OnRetry("PUT a.html", reset, 2, std::chrono::milliseconds(400));
  CHECK(quiet.err.text().empty());

  ReporterUnderTest verbose(1);
  verbose.reporter.OnRetry("PUT a.html", reset, 2, std::chrono::milliseconds(400));
  CHECK(verbose.err.text() == "retry 2 of PUT a.html in 400ms: connection reset\n");
}

TEST_CASE("LogReporter prints the dry-run listing on stdout") {
  ReporterUnderTest quiet(-1);
  quiet.reporter.OnUploadPlanned("a.html", 100);
  quiet.reporter.OnDeletePlanned("old.html");
  CHECK(quiet.out.text() == "would upload a.html (100 B)\nwould delete old.html\n");
}

TEST_CASE("LogReporter prints the summary on stdout") {
  ReporterUnderTest normal(0);
  normal.reporter.OnFinished(OneUpload());
  CHECK(normal.out.text() ==
        "scanned 2 files, uploaded 1, skipped 1, deleted 0, failed 0, 2.0 KiB in 1.5s\n");
  CHECK(normal.err.text().empty());
}

TEST_CASE("LogReporter with --quiet prints no summary") {
  ReporterUnderTest quiet(-1);
  quiet.reporter.OnFinished(OneUpload());
  CHECK(quiet.out.text().empty());
  CHECK(quiet.err.text().empty());
}

TEST_CASE("LogReporter reports warnings and errors on stderr") {
  ReporterUnderTest normal(0);
  normal.reporter.OnWarning("skipping symbolic link a");
  normal.reporter.OnError(MakeError(ErrorKind::kSafety, "LOCAL_DIR is empty"));
  CHECK(normal.err.text() ==
        "s3mirror: warning: skipping symbolic link a\ns3mirror: error: LOCAL_DIR is empty\n");
}

TEST_CASE("DescribeError falls back to the kind when there is no message") {
  CHECK(DescribeError(MakeError(ErrorKind::kNetwork, ""), false) == "network");
}

}  // namespace s3mirror::report
