// Request accounting: what kind of S3 request each exchange is (ClassifyRequest, pure) and the
// counts of one run by kind and by answer (RequestCounts, plain data).
//   LIST    GET with list-type (ListObjectsV2)          GET     any other GET
//   HEAD    HEAD                                        PUT     PUT without the markers below
//   COPY    PUT with x-amz-copy-source (CopyObject)     DELETE  DeleteObject, DeleteObjects
//   multipart: create (POST ?uploads), part (PUT ?partNumber&uploadId), complete (POST
//   ?uploadId), abort (DELETE ?uploadId); UploadPartCopy counts as a part.
// Answers: throttled (HTTP 503, which is how S3 sends SlowDown), server errors (other 5xx) and
// network errors (no complete answer). Every attempt counts: a retried PUT is two PUTs.
#pragma once

#include <cstdint>
#include <vector>

#include "http/request.h"

namespace s3mirror::http {

enum class RequestType {
  kList,
  kGet,
  kHead,
  kPut,
  kCopy,
  kDelete,
  kMultipartCreate,
  kMultipartPart,
  kMultipartComplete,
  kMultipartAbort,
  kOther,
};

RequestType ClassifyRequest(const Request& request);

struct RequestCounts {
  std::uint64_t list = 0;
  std::uint64_t get = 0;
  std::uint64_t head = 0;
  std::uint64_t put = 0;
  std::uint64_t copy = 0;
  std::uint64_t del = 0;  // "delete" in every output
  std::uint64_t multipart_create = 0;
  std::uint64_t multipart_part = 0;
  std::uint64_t multipart_complete = 0;
  std::uint64_t multipart_abort = 0;
  std::uint64_t other = 0;
  std::uint64_t throttled = 0;       // answered 503 (SlowDown)
  std::uint64_t server_errors = 0;   // answered with another 5xx
  std::uint64_t network_errors = 0;  // no complete answer

  void Count(RequestType type);
  // Counts one finished exchange: `status` 0 means no answer (a network error).
  void CountAnswer(long status);
  std::uint64_t Multipart() const;
  std::uint64_t Total() const;  // every request started, all types
  // What was counted after `earlier`, an earlier copy of the same counts: every count minus its
  // value in `earlier`. Requires: no count of `earlier` is above this one's.
  RequestCounts Since(const RequestCounts& earlier) const;
  RequestCounts& operator+=(const RequestCounts& more);  // every count, type and answer
  bool operator==(const RequestCounts&) const = default;
};

struct NamedCount {
  const char* name;  // "list", "multipart_part", "throttled", ...
  std::uint64_t value;
};

// The counts by type, in the order of RequestType, named as in every output ("delete" for del).
std::vector<NamedCount> CountsByType(const RequestCounts& counts);
// "throttled", "server_errors", "network_errors".
std::vector<NamedCount> CountsByAnswer(const RequestCounts& counts);

}  // namespace s3mirror::http
