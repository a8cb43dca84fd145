#include "s3/client.h"

#include <charconv>
#include <thread>

#include "s3/etag.h"
#include "s3/s3_error.h"
#include "s3/xml.h"
#include "util/crypto.h"

namespace s3mirror::s3 {
namespace {

Result<std::uint64_t> ParseLength(const std::string* text, std::string_view subject) {
  std::uint64_t value = 0;
  if (text != nullptr) {
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec == std::errc() && end == text->data() + text->size() && !text->empty()) return value;
  }
  return Fail(ErrorKind::kInternal,
              std::string(subject) + ": the server sent no valid Content-Length");
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

ObjectInfo ObjectFromHead(std::string_view key, const http::Response& response) {
  ObjectInfo object;
  object.key = std::string(key);
  if (const std::string* etag = response.HeaderValue("ETag")) object.etag = NormalizeEtag(*etag);
  if (const std::string* date = response.HeaderValue("Last-Modified")) object.last_modified = *date;
  if (const std::string* type = response.HeaderValue("Content-Type")) object.content_type = *type;
  constexpr std::string_view kMetaPrefix = "x-amz-meta-";
  for (const http::Header& header : response.headers) {
    std::string name = Lower(header.name);
    if (name.rfind(kMetaPrefix, 0) != 0) continue;
    object.metadata.emplace_back(name.substr(kMetaPrefix.size()), header.value);
  }
  return object;
}

}  // namespace

Client::Client(ClientContext context) : context_(std::move(context)) {}

Result<http::Response> Client::Attempt(const http::Request& request, std::string_view subject) {
  http::Request signed_request = request;
  Status signed_ok = context_.signer.Sign(signed_request);
  if (!signed_ok) return Fail(std::move(signed_ok).error());
  Result<http::Response> response = http::RunOne(context_.transport, std::move(signed_request));
  if (!response) {
    Error error = std::move(response).error();
    error.message = std::string(subject) + ": " + error.message;
    return Fail(std::move(error));
  }
  return CheckResponse(std::move(response), subject);
}

Result<http::Response> Client::Execute(const std::function<http::Request()>& build,
                                       std::string_view subject) {
  const int max_attempts = std::max(1, context_.retry.max_attempts);
  for (int attempt = 1;; ++attempt) {
    Result<http::Response> response = Attempt(build(), subject);
    if (response) return response;
    Error error = std::move(response).error();
    if (!http::IsRetryable(error) || attempt >= max_attempts) return Fail(std::move(error));
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const auto delay = http::BackoffDelay(context_.retry, attempt, uniform(random_), error);
    if (context_.on_retry) context_.on_retry(subject, error, attempt, delay);
    std::this_thread::sleep_for(delay);
  }
}

Result<ListPage> Client::List(const ListParams& params) {
  const std::string subject = "LIST s3://" + context_.builder.bucket() + "/" + params.prefix;
  auto response = Execute([&] { return context_.builder.ListObjectsV2(params); }, subject);
  if (!response) return Fail(std::move(response).error());
  auto page = ParseListObjectsV2(response->body);
  if (!page) {
    Error error = std::move(page).error();
    error.message = subject + ": " + error.message;
    return Fail(std::move(error));
  }
  return page;
}

Result<std::vector<ObjectInfo>> Client::ListAll(std::string_view prefix,
                                                const std::function<void(size_t)>& on_page) {
  std::vector<ObjectInfo> objects;
  ListParams params{.prefix = std::string(prefix), .continuation_token = "", .start_after = ""};
  while (true) {
    auto page = List(params);
    if (!page) return Fail(std::move(page).error());
    for (ObjectInfo& object : page->objects) objects.push_back(std::move(object));
    if (on_page) on_page(objects.size());
    if (!page->truncated) return objects;
    params.continuation_token = page->next_continuation_token;
  }
}

Status Client::HeadBucket() {
  auto response = Execute([&] { return context_.builder.HeadBucket(); },
                          "HEAD s3://" + context_.builder.bucket());
  if (!response) return Fail(std::move(response).error());
  return {};
}

Result<ObjectInfo> Client::HeadObject(std::string_view key) {
  const std::string subject = "HEAD s3://" + context_.builder.bucket() + "/" + std::string(key);
  auto response = Execute([&] { return context_.builder.HeadObject(key); }, subject);
  if (!response) return Fail(std::move(response).error());
  auto size = ParseLength(response->HeaderValue("Content-Length"), subject);
  if (!size) return Fail(std::move(size).error());
  ObjectInfo object = ObjectFromHead(key, *response);
  object.size = *size;
  return object;
}

Result<std::string> Client::GetObject(std::string_view key) {
  const std::string subject = "GET s3://" + context_.builder.bucket() + "/" + std::string(key);
  auto response = Execute([&] { return context_.builder.GetObject(key); }, subject);
  if (!response) return Fail(std::move(response).error());
  return std::move(response->body);
}

Status Client::PutObject(std::string_view key, std::string body, const ObjectSettings& settings) {
  const std::string subject = "PUT s3://" + context_.builder.bucket() + "/" + std::string(key);
  const std::string content_md5 = Base64Encode(Md5(body));
  auto shared_body = std::make_shared<const std::string>(std::move(body));
  auto response = Execute(
      [&] { return context_.builder.PutObject(key, shared_body, content_md5, settings); }, subject);
  if (!response) return Fail(std::move(response).error());
  return {};
}

Result<DeleteResult> Client::DeleteObjects(const std::vector<std::string>& keys) {
  const std::string subject =
      "DELETE " + std::to_string(keys.size()) + " keys in s3://" + context_.builder.bucket();
  auto response = Execute([&] { return context_.builder.DeleteObjects(keys); }, subject);
  if (!response) return Fail(std::move(response).error());
  auto result = ParseDeleteResult(response->body);
  if (!result) {
    Error error = std::move(result).error();
    error.message = subject + ": " + error.message;
    return Fail(std::move(error));
  }
  return result;
}

}  // namespace s3mirror::s3
