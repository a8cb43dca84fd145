#include "http/request_counts.h"

#include <string_view>

namespace s3mirror::http {
namespace {

// True when the canonical query has parameter `name` ("uploads", "partNumber=3").
bool HasParameter(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    const std::string_view key = item.substr(0, item.find('='));
    if (key == name) return true;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return false;
}

// Every count of RequestCounts, for the operations that treat them all alike.
constexpr std::uint64_t RequestCounts::*kEveryCount[] = {&RequestCounts::list,
                                                         &RequestCounts::get,
                                                         &RequestCounts::head,
                                                         &RequestCounts::put,
                                                         &RequestCounts::copy,
                                                         &RequestCounts::del,
                                                         &RequestCounts::multipart_create,
                                                         &RequestCounts::multipart_part,
                                                         &RequestCounts::multipart_complete,
                                                         &RequestCounts::multipart_abort,
                                                         &RequestCounts::other,
                                                         &RequestCounts::throttled,
                                                         &RequestCounts::server_errors,
                                                         &RequestCounts::network_errors};
static_assert(sizeof(kEveryCount) / sizeof(kEveryCount[0]) * sizeof(std::uint64_t) ==
                  sizeof(RequestCounts),
              "a count of RequestCounts is missing from kEveryCount");

RequestType ClassifyPut(const Request& request) {
  if (HasParameter(request.query, "partNumber")) return RequestType::kMultipartPart;
  if (FindHeader(request.headers, "x-amz-copy-source") != nullptr) return RequestType::kCopy;
  return RequestType::kPut;
}

}  // namespace

RequestType ClassifyRequest(const Request& request) {
  const std::string_view method = request.method;
  const bool upload_id = HasParameter(request.query, "uploadId");
  if (method == "GET") {
    return HasParameter(request.query, "list-type") ? RequestType::kList : RequestType::kGet;
  }
  if (method == "HEAD") return RequestType::kHead;
  if (method == "PUT") return ClassifyPut(request);
  if (method == "POST") {
    if (HasParameter(request.query, "uploads")) return RequestType::kMultipartCreate;
    if (upload_id) return RequestType::kMultipartComplete;
    if (HasParameter(request.query, "delete")) return RequestType::kDelete;  // DeleteObjects
    return RequestType::kOther;
  }
  if (method == "DELETE") return upload_id ? RequestType::kMultipartAbort : RequestType::kDelete;
  return RequestType::kOther;
}

void RequestCounts::Count(RequestType type) {
  switch (type) {
    case RequestType::kList:
      ++list;
      return;
    case RequestType::kGet:
      ++get;
      return;
    case RequestType::kHead:
      ++head;
      return;
    case RequestType::kPut:
      ++put;
      return;
    case RequestType::kCopy:
      ++copy;
      return;
    case RequestType::kDelete:
      ++del;
      return;
    case RequestType::kMultipartCreate:
      ++multipart_create;
      return;
    case RequestType::kMultipartPart:
      ++multipart_part;
      return;
    case RequestType::kMultipartComplete:
      ++multipart_complete;
      return;
    case RequestType::kMultipartAbort:
      ++multipart_abort;
      return;
    case RequestType::kOther:
      ++other;
      return;
  }
}

void RequestCounts::CountAnswer(long status) {
  if (status == 0) {
    ++network_errors;
  } else if (status == 503) {
    ++throttled;
  } else if (status >= 500 && status <= 599) {
    ++server_errors;
  }
}

std::uint64_t RequestCounts::Multipart() const {
  return multipart_create + multipart_part + multipart_complete + multipart_abort;
}

std::uint64_t RequestCounts::Total() const {
  return list + get + head + put + copy + del + Multipart() + other;
}

RequestCounts RequestCounts::Since(const RequestCounts& earlier) const {
  RequestCounts later = *this;
  for (std::uint64_t RequestCounts::*count : kEveryCount) later.*count -= earlier.*count;
  return later;
}

RequestCounts& RequestCounts::operator+=(const RequestCounts& more) {
  for (std::uint64_t RequestCounts::*count : kEveryCount) this->*count += more.*count;
  return *this;
}

std::vector<NamedCount> CountsByType(const RequestCounts& c) {
  return {{"list", c.list},
          {"get", c.get},
          {"head", c.head},
          {"put", c.put},
          {"copy", c.copy},
          {"delete", c.del},
          {"multipart_create", c.multipart_create},
          {"multipart_part", c.multipart_part},
          {"multipart_complete", c.multipart_complete},
          {"multipart_abort", c.multipart_abort},
          {"other", c.other}};
}

std::vector<NamedCount> CountsByAnswer(const RequestCounts& c) {
  return {{"throttled", c.throttled},
          {"server_errors", c.server_errors},
          {"network_errors", c.network_errors}};
}

}  // namespace s3mirror::http
