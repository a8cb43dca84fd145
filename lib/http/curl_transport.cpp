#include "http/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "util/units.h"

namespace s3mirror::http {
namespace {

// One exchange: the request it sends, the response it collects, libcurl's per-transfer state.
struct Exchange {
  ExchangeId id = 0;
  Request request;
  Response response;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  size_t read_offset = 0;
  std::uint64_t bytes_sent = 0;
  bool callback_failed = false;  // an exception was caught in a callback
  std::size_t max_body = 0;      // CurlTransportOptions::max_response_bytes
  bool body_too_large = false;   // the answer passed max_body and was abandoned
  long os_errno = 0;             // errno of the last failed socket call
  bool connected = false;        // a connection was made (timeouts: connect or stall?)
  char error_buffer[CURL_ERROR_SIZE] = {};
};

std::string Trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// libcurl callbacks: C functions, so nothing may throw through them.
size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const size_t length = size * count;
  try {
    const std::string_view line(data, length);
    // Only the final answer's headers count: a new status line (after 100 Continue) resets them.
    if (line.rfind("HTTP/", 0) == 0) {
      exchange->response.headers.clear();
      return length;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return length;
    exchange->response.headers.push_back(
        Header{Trim(line.substr(0, colon)), Trim(line.substr(colon + 1))});
    return length;
  } catch (...) {
    exchange->callback_failed = true;
    return 0;
  }
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  try {
    if (exchange->response.body.size() + size * count > exchange->max_body) {
      exchange->body_too_large = true;
      return 0;  // libcurl abandons the transfer (CURLE_WRITE_ERROR)
    }
    exchange->response.body.append(data, size * count);
    return size * count;
  } catch (...) {
    exchange->callback_failed = true;
    return 0;
  }
}

size_t OnRead(char* buffer, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const std::string* body = exchange->request.body.get();
  if (body == nullptr || exchange->read_offset >= body->size()) return 0;
  const size_t n = std::min(size * count, body->size() - exchange->read_offset);
  std::memcpy(buffer, body->data() + exchange->read_offset, n);
  exchange->read_offset += n;
  exchange->bytes_sent += n;
  return n;
}

// libcurl rewinds the body when it must send it again (a reused connection that had closed).
int OnSeek(void* user, curl_off_t offset, int origin) {
  auto* exchange = static_cast<Exchange*>(user);
  const auto size = static_cast<curl_off_t>(exchange->request.BodySize());
  if (origin != SEEK_SET || offset < 0 || offset > size) return CURL_SEEKFUNC_CANTSEEK;
  exchange->read_offset = static_cast<size_t>(offset);
  return CURL_SEEKFUNC_OK;
}

std::string Describe(CURLcode code, const Exchange& exchange) {
  std::string detail = exchange.error_buffer;
  if (detail.empty()) detail = curl_easy_strerror(code);
  return detail;
}

// Turns a libcurl failure into a message that names the host and, where we know, the fix.
Error NetworkError(CURLcode code, const Exchange& exchange, const CurlTransportOptions& options) {
  const std::string& host = exchange.request.host;
  const std::string detail = Describe(code, exchange);
  std::string message;
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      message = "cannot resolve host " + host + ": " + detail;
      break;
    case CURLE_COULDNT_CONNECT:
      message = exchange.os_errno == ECONNREFUSED ? "connection to " + host + " refused"
                                                  : "cannot connect to " + host + ": " + detail;
      break;
    case CURLE_OPERATION_TIMEDOUT:
      message = !exchange.connected
                    ? "connection to " + host + " timed out: " + detail
                    : "transfer with " + host + " stalled (under " +
                          std::to_string(options.low_speed_limit) + " bytes/s for " +
                          std::to_string(options.low_speed_time.count()) +
                          " s) and was abandoned: " + detail;
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
      message = "TLS certificate of " + host + " not trusted: " + detail + "; use --ca-bundle FILE";
      break;
    case CURLE_SSL_CACERT_BADFILE:
      message = "cannot use CA bundle \"" + options.ca_bundle + "\" for " + host + ": " + detail;
      break;
    case CURLE_SSL_CONNECT_ERROR:
      message = "TLS handshake with " + host + " failed: " + detail;
      break;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      message = "connection to " + host + " broke before the answer was complete: " + detail;
      break;
    default:
      message = "request to " + host + " failed: " + detail;
  }
  Error error;
  // Retrying cannot make a certificate trusted: fail at once, as the server not authenticated.
  const bool certificate =
      code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE;
  error.kind = certificate ? ErrorKind::kAuth : ErrorKind::kNetwork;
  error.message = std::move(message);
  return error;
}

}  // namespace

struct CurlTransport::State {
  CurlTransportOptions options;
  CURLM* multi = nullptr;
  ExchangeId next_id = 1;
  std::unordered_map<ExchangeId, std::unique_ptr<Exchange>> in_flight;
  std::vector<CURL*> free_easies;  // kept for reuse: each holds its DNS and TLS session caches
  std::vector<Completion> failed_to_start;

  CURL* TakeEasy();
  void Release(Exchange& exchange);
  Status Configure(Exchange& exchange);
  void SetMethod(Exchange& exchange);
  Status SetHeaders(Exchange& exchange);
  Completion Finish(Exchange& exchange, CURLcode code);
  void Collect(std::vector<Completion>& done);
};

CURL* CurlTransport::State::TakeEasy() {
  if (free_easies.empty()) return curl_easy_init();
  CURL* easy = free_easies.back();
  free_easies.pop_back();
  curl_easy_reset(easy);
  return easy;
}

void CurlTransport::State::Release(Exchange& exchange) {
  if (exchange.easy != nullptr) {
    curl_multi_remove_handle(multi, exchange.easy);
    free_easies.push_back(exchange.easy);
    exchange.easy = nullptr;
  }
  curl_slist_free_all(exchange.headers);
  exchange.headers = nullptr;
}

void CurlTransport::State::SetMethod(Exchange& exchange) {
  CURL* easy = exchange.easy;
  const std::string& method = exchange.request.method;
  const auto size = static_cast<curl_off_t>(exchange.request.BodySize());
  if (method == "HEAD") {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
  } else if (method == "POST") {
    // POST without POSTFIELDS reads the body through the read callback, with Content-Length.
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, size);
  } else if (method == "PUT" || size > 0) {
    curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, size);
    if (method != "PUT") curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
  } else if (method != "GET") {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_READFUNCTION, OnRead);
  curl_easy_setopt(easy, CURLOPT_READDATA, &exchange);
  curl_easy_setopt(easy, CURLOPT_SEEKFUNCTION, OnSeek);
  curl_easy_setopt(easy, CURLOPT_SEEKDATA, &exchange);
}

// Exactly request.headers: empty overrides remove what libcurl would add on its own.
Status CurlTransport::State::SetHeaders(Exchange& exchange) {
  std::vector<std::string> lines;
  for (const Header& header : exchange.request.headers) {
    // "Name;" is libcurl's spelling of a header with an empty value.
    lines.push_back(header.value.empty() ? header.name + ";" : header.name + ": " + header.value);
  }
  for (const char* name : {"Expect", "Accept", "Content-Type"}) {
    if (FindHeader(exchange.request.headers, name) == nullptr)
      lines.push_back(name + std::string(":"));
  }
  for (const std::string& line : lines) {
    curl_slist* appended = curl_slist_append(exchange.headers, line.c_str());
    if (appended == nullptr) return Fail(ErrorKind::kInternal, "out of memory building headers");
    exchange.headers = appended;
  }
  curl_easy_setopt(exchange.easy, CURLOPT_HTTPHEADER, exchange.headers);
  return {};
}

Status CurlTransport::State::Configure(Exchange& exchange) {
  CURL* easy = exchange.easy;
  const std::string url = exchange.request.Url();
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, &exchange);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, exchange.error_buffer);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_limit);
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.low_speed_time.count()));
  curl_easy_setopt(easy, CURLOPT_VERBOSE, options.verbose ? 1L : 0L);
  // A CA bundle is for TLS only: plain-http endpoints must work whatever --ca-bundle says.
  if (exchange.request.scheme == "https" && !options.ca_bundle.empty()) {
    curl_easy_setopt(easy, CURLOPT_CAINFO, options.ca_bundle.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &exchange);
  SetMethod(exchange);
  return SetHeaders(exchange);
}

Completion CurlTransport::State::Finish(Exchange& exchange, CURLcode code) {
  Completion completion{
      .id = exchange.id, .response = Response{}, .bytes_sent = exchange.bytes_sent};
  if (exchange.callback_failed) {
    completion.response = Fail(ErrorKind::kInternal,
                               "out of memory receiving the answer from " + exchange.request.host);
  } else if (exchange.body_too_large) {
    completion.response =
        Fail(ErrorKind::kServer, "answer from " + exchange.request.host + " is larger than " +
                                     FormatBytes(options.max_response_bytes) +
                                     "; abandoned (no S3 answer s3mirror reads is that big)");
  } else if (code != CURLE_OK) {
    curl_easy_getinfo(exchange.easy, CURLINFO_OS_ERRNO, &exchange.os_errno);
    curl_off_t connect_time = 0;
    curl_easy_getinfo(exchange.easy, CURLINFO_CONNECT_TIME_T, &connect_time);
    exchange.connected = connect_time > 0;
    completion.response = Fail(NetworkError(code, exchange, options));
  } else {
    curl_easy_getinfo(exchange.easy, CURLINFO_RESPONSE_CODE, &exchange.response.status);
    completion.response = std::move(exchange.response);
  }
  Release(exchange);
  return completion;
}

void CurlTransport::State::Collect(std::vector<Completion>& done) {
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
    if (message->msg != CURLMSG_DONE) continue;
    Exchange* exchange = nullptr;
    curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &exchange);
    const CURLcode code = message->data.result;  // read before the handle is removed
    if (exchange == nullptr) continue;
    const ExchangeId id = exchange->id;
    done.push_back(Finish(*exchange, code));
    in_flight.erase(id);
  }
}

CurlTransport::CurlTransport(CurlTransportOptions options) : state_(std::make_unique<State>()) {
  static std::once_flag global_init;
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  state_->options = std::move(options);
  state_->multi = curl_multi_init();
  const long connections = std::max(1L, state_->options.max_connections);
  curl_multi_setopt(state_->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, connections);
  curl_multi_setopt(state_->multi, CURLMOPT_MAXCONNECTS, connections);
}

CurlTransport::~CurlTransport() {
  for (auto& [id, exchange] : state_->in_flight) state_->Release(*exchange);
  for (CURL* easy : state_->free_easies) curl_easy_cleanup(easy);
  curl_multi_cleanup(state_->multi);
}

ExchangeId CurlTransport::Start(Request request) {
  const ExchangeId id = state_->next_id++;
  auto exchange = std::make_unique<Exchange>();
  exchange->id = id;
  exchange->request = std::move(request);
  exchange->max_body = state_->options.max_response_bytes;
  exchange->easy = state_->TakeEasy();
  Status configured = exchange->easy == nullptr
                          ? Status(Fail(ErrorKind::kInternal, "cannot create a libcurl handle"))
                          : state_->Configure(*exchange);
  if (configured && curl_multi_add_handle(state_->multi, exchange->easy) != CURLM_OK) {
    configured = Fail(ErrorKind::kInternal, "cannot start a transfer with libcurl");
  }
  if (!configured) {
    if (exchange->easy != nullptr) state_->free_easies.push_back(exchange->easy);
    exchange->easy = nullptr;
    curl_slist_free_all(exchange->headers);
    state_->failed_to_start.push_back(
        Completion{.id = id, .response = Fail(std::move(configured).error()), .bytes_sent = 0});
    return id;
  }
  state_->in_flight.emplace(id, std::move(exchange));
  return id;
}

std::vector<Completion> CurlTransport::Wait(std::chrono::milliseconds max_wait) {
  std::vector<Completion> done = std::move(state_->failed_to_start);
  state_->failed_to_start.clear();
  const auto deadline = std::chrono::steady_clock::now() + max_wait;
  while (!state_->in_flight.empty()) {
    int running = 0;
    curl_multi_perform(state_->multi, &running);
    state_->Collect(done);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (!done.empty() || state_->in_flight.empty() || left.count() <= 0) break;
    curl_multi_poll(state_->multi, nullptr, 0,
                    static_cast<int>(std::min<long long>(left.count(), 1000)), nullptr);
  }
  return done;
}

size_t CurlTransport::InFlight() const {
  return state_->in_flight.size() + state_->failed_to_start.size();
}

void CurlTransport::Cancel(ExchangeId id) {
  auto found = state_->in_flight.find(id);
  if (found != state_->in_flight.end()) {
    state_->Release(*found->second);
    state_->in_flight.erase(found);
  }
  std::erase_if(state_->failed_to_start, [id](const Completion& c) { return c.id == id; });
}

}  // namespace s3mirror::http
