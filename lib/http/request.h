// An HTTP exchange as plain data: what to send (Request) and what came back (Response).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace s3mirror::http {

struct Header {
  std::string name;
  std::string value;
};

// Case-insensitive lookup; returns nullptr when absent.
const std::string* FindHeader(const std::vector<Header>& headers, std::string_view name);

struct Request {
  std::string method;  // "GET", "PUT", "POST", "DELETE", "HEAD"
  std::string scheme;  // "http" or "https"
  std::string host;    // host[:port] exactly as sent in the Host header
  std::string path;    // already URI-encoded, starts with '/'
  std::string query;   // already encoded canonical query, without '?'; may be empty
  std::vector<Header> headers;
  // Body bytes; shared so that a retry re-sends the same bytes without copying. Null means empty.
  std::shared_ptr<const std::string> body;
  // Hex SHA-256 of the body when already known (computed off the driver thread); empty: the
  // signer hashes the body itself when it signs the payload.
  std::string body_sha256_hex;

  std::string Url() const;
  size_t BodySize() const { return body ? body->size() : 0; }
};

struct Response {
  long status = 0;
  std::vector<Header> headers;
  std::string body;

  const std::string* HeaderValue(std::string_view name) const { return FindHeader(headers, name); }
};

}  // namespace s3mirror::http
