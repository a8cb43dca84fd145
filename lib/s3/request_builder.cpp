#include "s3/request_builder.h"

#include <utility>

#include "s3/body_checksum.h"
#include "util/crypto.h"
#include "util/uri.h"

namespace s3mirror::s3 {
namespace {

// "name=value" with the value URI-encoded as SigV4's canonical query requires. Sub-resources
// (?uploads, ?delete) are value-less, as S3 documents them; the signer canonicalises them to
// "uploads=".
std::string Param(std::string_view name, std::string_view value) {
  return std::string(name) + "=" + UriEncode(value, /*keep_slash=*/false);
}

// Joins parameters given in canonical (byte) order, skipping empty ones.
std::string Query(std::initializer_list<std::string> params) {
  std::string query;
  for (const std::string& param : params) {
    if (param.empty()) continue;
    if (!query.empty()) query += '&';
    query += param;
  }
  return query;
}

std::string OptionalParam(std::string_view name, std::string_view value) {
  return value.empty() ? std::string() : Param(name, value);
}

// The five characters XML reserves, and CR (which a parser would turn into LF).
std::string XmlEscape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&apos;";
        break;
      case '\r':
        escaped += "&#13;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

void AddHeader(http::Request& request, std::string name, std::string_view value) {
  if (value.empty()) return;
  request.headers.push_back(http::Header{std::move(name), std::string(value)});
}

void AddObjectSettings(http::Request& request, const ObjectSettings& settings) {
  AddHeader(request, "Content-Type", settings.content_type);
  AddHeader(request, "Cache-Control", settings.cache_control);
  AddHeader(request, "Content-Encoding", settings.content_encoding);
  AddHeader(request, "Content-Disposition", settings.content_disposition);
  AddHeader(request, "Content-Language", settings.content_language);
  AddHeader(request, "Expires", settings.expires);
  AddHeader(request, "x-amz-acl", settings.acl);
  AddHeader(request, "x-amz-storage-class", settings.storage_class);
  AddHeader(request, "x-amz-server-side-encryption", settings.sse);
  for (const auto& [name, value] : settings.metadata) {
    request.headers.push_back(http::Header{"x-amz-meta-" + name, value});
  }
}

void SetXmlBody(http::Request& request, std::string xml) {
  request.body = std::make_shared<const std::string>(std::move(xml));
}

}  // namespace

RequestBuilder::RequestBuilder(Endpoint endpoint, std::string bucket)
    : endpoint_(std::move(endpoint)),
      bucket_(std::move(bucket)),
      address_(AddressBucket(endpoint_, bucket_)) {}

// Object path = path_prefix + "/" + UriEncode(key, keep '/'); the bucket itself is "/" when
// virtual-hosted and "/bucket" when path-style.
http::Request RequestBuilder::Base(std::string_view method, std::string_view key,
                                   std::string query) const {
  http::Request request;
  request.method = std::string(method);
  request.scheme = address_.scheme;
  request.host = address_.host;
  if (key.empty()) {
    request.path = address_.path_prefix.empty() ? "/" : address_.path_prefix;
  } else {
    request.path = address_.path_prefix + "/" + UriEncode(key, /*keep_slash=*/true);
  }
  request.query = std::move(query);
  return request;
}

http::Request RequestBuilder::ListObjectsV2(const ListParams& params) const {
  return Base("GET", "",
              Query({OptionalParam("continuation-token", params.continuation_token),
                     Param("encoding-type", "url"), Param("list-type", "2"),
                     Param("max-keys", std::to_string(params.max_keys)),
                     OptionalParam("prefix", params.prefix),
                     OptionalParam("start-after", params.start_after)}));
}

http::Request RequestBuilder::HeadBucket() const { return Base("HEAD", "", ""); }

http::Request RequestBuilder::HeadObject(std::string_view key) const {
  return Base("HEAD", key, "");
}

http::Request RequestBuilder::GetObject(std::string_view key) const { return Base("GET", key, ""); }

http::Request RequestBuilder::PutObject(std::string_view key,
                                        std::shared_ptr<const std::string> body,
                                        std::string_view content_md5_base64,
                                        const ObjectSettings& settings) const {
  http::Request request = Base("PUT", key, "");
  AddHeader(request, "Content-MD5", content_md5_base64);
  AddObjectSettings(request, settings);
  request.body = std::move(body);
  return request;
}

// <Delete><Quiet>true</Quiet><Object><Key>k</Key></Object>...</Delete>; S3 refuses a multi-object
// delete without Content-MD5.
http::Request RequestBuilder::DeleteObjects(const std::vector<std::string>& keys) const {
  http::Request request = Base("POST", "", "delete");
  std::string xml = "<Delete><Quiet>true</Quiet>";
  for (const std::string& key : keys) xml += "<Object><Key>" + XmlEscape(key) + "</Key></Object>";
  xml += "</Delete>";
  AddHeader(request, "Content-MD5", Base64Encode(Md5(xml)));
  AddHeader(request, "Content-Type", "application/xml");
  SetXmlBody(request, std::move(xml));
  return request;
}

http::Request RequestBuilder::CreateMultipartUpload(std::string_view key,
                                                    const ObjectSettings& settings) const {
  http::Request request = Base("POST", key, "uploads");
  AddObjectSettings(request, settings);
  return request;
}

http::Request RequestBuilder::UploadPart(std::string_view key, std::string_view upload_id,
                                         int part_number, std::shared_ptr<const std::string> body,
                                         std::string_view content_md5_base64) const {
  http::Request request =
      Base("PUT", key,
           Query({Param("partNumber", std::to_string(part_number)), Param("uploadId", upload_id)}));
  AddHeader(request, "Content-MD5", content_md5_base64);
  request.body = std::move(body);
  return request;
}

http::Request RequestBuilder::CompleteMultipartUpload(
    std::string_view key, std::string_view upload_id,
    const std::vector<CompletedPart>& parts) const {
  http::Request request = Base("POST", key, Param("uploadId", upload_id));
  std::string xml = "<CompleteMultipartUpload>";
  for (const CompletedPart& part : parts) {
    xml += "<Part><PartNumber>" + std::to_string(part.number) + "</PartNumber><ETag>\"" +
           XmlEscape(part.etag) + "\"</ETag>";
    const std::string_view checksum = ChecksumName(part.checksum.algorithm);
    if (!checksum.empty() && !part.checksum.value_base64.empty()) {
      const std::string element = "Checksum" + std::string(checksum);
      xml += "<" + element + ">" + XmlEscape(part.checksum.value_base64) + "</" + element + ">";
    }
    xml += "</Part>";
  }
  xml += "</CompleteMultipartUpload>";
  AddHeader(request, "Content-Type", "application/xml");
  SetXmlBody(request, std::move(xml));
  return request;
}

// x-amz-copy-source is "/bucket/key" with the key URI-encoded as in a path; REPLACE makes S3 take
// the metadata of this request instead of the source's, which is the point of copying an object
// onto itself. x-amz-copy-source-if-match makes S3 refuse (412) when the object changed since
// it was listed, so that a copy never resurrects an older body.
http::Request RequestBuilder::CopyObjectOntoItself(std::string_view key, std::string_view etag,
                                                   const ObjectSettings& settings) const {
  http::Request request = Base("PUT", key, "");
  AddHeader(request, "x-amz-copy-source", "/" + bucket_ + "/" + UriEncode(key, true));
  AddHeader(request, "x-amz-copy-source-if-match",
            etag.empty() ? "" : "\"" + std::string(etag) + "\"");
  AddHeader(request, "x-amz-metadata-directive", "REPLACE");
  AddObjectSettings(request, settings);
  return request;
}

http::Request RequestBuilder::AbortMultipartUpload(std::string_view key,
                                                   std::string_view upload_id) const {
  return Base("DELETE", key, Param("uploadId", upload_id));
}

http::Request RequestBuilder::ListMultipartUploads(std::string_view prefix) const {
  return Base("GET", "",
              Query({Param("encoding-type", "url"), OptionalParam("prefix", prefix), "uploads"}));
}

}  // namespace s3mirror::s3
