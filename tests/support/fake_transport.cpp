#include "support/fake_transport.h"

#include <algorithm>

#include "util/crypto.h"

namespace s3mirror::testing {

void FakeTransport::Enqueue(const std::string& method, const std::string& path,
                            Result<http::Response> response) {
  queued_[{method, path}].push_back(std::move(response));
}

Result<http::Response> FakeTransport::Answer(const http::Request& request) {
  auto queue = queued_.find({request.method, request.path});
  if (queue != queued_.end() && !queue->second.empty()) {
    Result<http::Response> response = std::move(queue->second.front());
    queue->second.pop_front();
    return response;
  }
  if (handler_) return handler_(request);
  return MakeResponse(200, "", {{"ETag", PutEtag(request)}});
}

http::ExchangeId FakeTransport::Start(http::Request request) {
  const http::ExchangeId id = next_id_++;
  Result<http::Response> response = Answer(request);
  pending_.push_back(Pending{id, std::move(response), request.BodySize()});
  requests_.push_back(std::move(request));
  max_in_flight_ = std::max(max_in_flight_, pending_.size());
  return id;
}

std::vector<http::Completion> FakeTransport::Wait(std::chrono::milliseconds max_wait) {
  std::vector<http::Completion> done;
  if (pending_.empty()) {
    if (clock_ != nullptr) clock_->Advance(max_wait);
    return done;
  }
  while (!pending_.empty() && done.size() < std::max<size_t>(1, completions_per_wait)) {
    Pending& next = pending_.front();
    done.push_back(http::Completion{
        .id = next.id, .response = std::move(next.response), .bytes_sent = next.bytes});
    pending_.pop_front();
  }
  return done;
}

void FakeTransport::Cancel(http::ExchangeId id) {
  const auto it = std::find_if(pending_.begin(), pending_.end(),
                               [id](const Pending& pending) { return pending.id == id; });
  if (it == pending_.end()) return;
  pending_.erase(it);
  cancelled_.push_back(id);
}

std::vector<http::Request> FakeTransport::RequestsFor(const std::string& method,
                                                      const std::string& query_prefix) const {
  std::vector<http::Request> matching;
  for (const http::Request& request : requests_) {
    if (request.method == method && request.query.rfind(query_prefix, 0) == 0) {
      matching.push_back(request);
    }
  }
  return matching;
}

http::Response MakeResponse(long status, std::string body, std::vector<http::Header> headers) {
  http::Response response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

http::Response MakeS3Error(long status, const std::string& code) {
  return MakeResponse(status,
                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code +
                          "</Code><Message>scripted " + code +
                          "</Message><RequestId>req-1</RequestId></Error>",
                      {{"Content-Type", "application/xml"}});
}

Result<http::Response> NetworkFailure(const std::string& message) {
  return Fail(ErrorKind::kNetwork, message);
}

std::string PutEtag(const http::Request& request) {
  return "\"" + HexEncode(Md5(request.body ? *request.body : std::string())) + "\"";
}

}  // namespace s3mirror::testing
