#include "state/request_counts_json.h"

#include <utility>

#include "state/json_fields.h"

namespace s3mirror::state {
namespace {

using Field = std::pair<const char*, std::uint64_t http::RequestCounts::*>;

// Every stored count with its JSON key; "multipart" is derived and not read back.
constexpr Field kFields[] = {
    {"list", &http::RequestCounts::list},
    {"get", &http::RequestCounts::get},
    {"head", &http::RequestCounts::head},
    {"put", &http::RequestCounts::put},
    {"copy", &http::RequestCounts::copy},
    {"delete", &http::RequestCounts::del},
    {"multipart_create", &http::RequestCounts::multipart_create},
    {"multipart_part", &http::RequestCounts::multipart_part},
    {"multipart_complete", &http::RequestCounts::multipart_complete},
    {"multipart_abort", &http::RequestCounts::multipart_abort},
    {"other", &http::RequestCounts::other},
    {"throttled", &http::RequestCounts::throttled},
    {"server_errors", &http::RequestCounts::server_errors},
    {"network_errors", &http::RequestCounts::network_errors},
};

}  // namespace

nlohmann::json RequestCountsToJson(const http::RequestCounts& counts) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [name, member] : kFields) object[name] = counts.*member;
  object["multipart"] = counts.Multipart();
  return object;
}

http::RequestCounts RequestCountsFromJson(const nlohmann::json& object) {
  http::RequestCounts counts;
  if (!object.is_object()) return counts;
  for (const auto& [name, member] : kFields) counts.*member = JsonUint(object, name);
  return counts;
}

}  // namespace s3mirror::state
