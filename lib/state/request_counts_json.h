// The JSON form of a run's request counts, shared by the run history and `status --json`:
//   {"list": 3, "get": 0, "head": 0, "put": 1200, "copy": 0, "delete": 1, "multipart": 12,
//    "multipart_create": 3, "multipart_part": 6, "multipart_complete": 3, "multipart_abort": 0,
//    "other": 0, "throttled": 4, "server_errors": 1, "network_errors": 0}
// "multipart" is the sum of the four multipart_* counts. Reading never fails: a missing or
// malformed field reads as 0 (histories written before the counts existed).
#pragma once

#include <nlohmann/json.hpp>

#include "http/request_counts.h"

namespace s3mirror::state {

nlohmann::json RequestCountsToJson(const http::RequestCounts& counts);
http::RequestCounts RequestCountsFromJson(const nlohmann::json& object);

}  // namespace s3mirror::state
