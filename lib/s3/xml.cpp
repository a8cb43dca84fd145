#include "s3/xml.h"

#include <charconv>
#include <pugixml.hpp>

#include "s3/etag.h"
#include "util/uri.h"

namespace s3mirror::s3 {
namespace {

// S3 documents carry xmlns="http://s3.amazonaws.com/doc/2006-03-01/" and some servers add a
// prefix ("s3:Key"): elements are matched by local name so both forms parse.
std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node child : parent.children()) {
    if (child.type() == pugi::node_element && LocalName(child) == name) return child;
  }
  return {};
}

std::string ChildText(const pugi::xml_node& parent, std::string_view name) {
  return Child(parent, name).child_value();
}

template <typename Visit>
void ForEachChild(const pugi::xml_node& parent, std::string_view name, Visit visit) {
  for (pugi::xml_node child : parent.children()) {
    if (child.type() == pugi::node_element && LocalName(child) == name) visit(child);
  }
}

// An answer we cannot read is the destination's fault (or a proxy's on the way): kServer, exit 3.
Error Malformed(std::string_view what, std::string_view detail) {
  Error error;
  error.kind = ErrorKind::kServer;
  error.message =
      "malformed " + std::string(what) + " answer from the server: " + std::string(detail);
  return error;
}

// Parses `xml` and returns its root element, which must be named `root` (or `alias`, when given).
Result<pugi::xml_node> Root(pugi::xml_document& document, std::string_view xml,
                            std::string_view root, std::string_view what,
                            std::string_view alias = {}) {
  const pugi::xml_parse_result parsed = document.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    return Fail(Malformed(
        what, std::string(parsed.description()) + " at offset " + std::to_string(parsed.offset)));
  }
  pugi::xml_node element = document.document_element();
  if (LocalName(element) != root && (alias.empty() || LocalName(element) != alias)) {
    return Fail(Malformed(
        what, "expected <" + std::string(root) + ">, got <" + std::string(element.name()) + ">"));
  }
  return element;
}

Result<std::uint64_t> ParseSize(std::string_view text, std::string_view key) {
  std::uint64_t size = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), size);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return Fail(Malformed("ListObjectsV2", "Size \"" + std::string(text) + "\" of key \"" +
                                               std::string(key) + "\" is not a number"));
  }
  return size;
}

bool IsTrue(std::string_view text) { return text == "true" || text == "True"; }

}  // namespace

Result<ListPage> ParseListObjectsV2(std::string_view xml) {
  constexpr std::string_view kWhat = "ListObjectsV2";
  pugi::xml_document document;
  auto root = Root(document, xml, "ListBucketResult", kWhat);
  if (!root) return Fail(std::move(root).error());
  // encoding-type=url: AWS form-encodes (space as '+', '+' as %2B); others use %20. Decoding '+'
  // as space handles both, because a literal '+' always arrives as %2B.
  const bool url_encoded = ChildText(*root, "EncodingType") == "url";
  ListPage page;
  page.truncated = IsTrue(ChildText(*root, "IsTruncated"));
  page.next_continuation_token = ChildText(*root, "NextContinuationToken");
  Status status;
  ForEachChild(*root, "Contents", [&](const pugi::xml_node& contents) {
    if (!status) return;
    ObjectInfo object;
    object.key = ChildText(contents, "Key");
    if (url_encoded) object.key = UriDecode(object.key, /*plus_is_space=*/true);
    auto size = ParseSize(ChildText(contents, "Size"), object.key);
    if (!size) {
      status = Fail(std::move(size).error());
      return;
    }
    object.size = *size;
    object.etag = NormalizeEtag(ChildText(contents, "ETag"));
    object.last_modified = ChildText(contents, "LastModified");
    page.objects.push_back(std::move(object));
  });
  if (!status) return Fail(std::move(status).error());
  if (page.truncated && page.next_continuation_token.empty()) {
    return Fail(Malformed(kWhat, "IsTruncated is true but NextContinuationToken is missing"));
  }
  return page;
}

Result<std::string> ParseUploadId(std::string_view xml) {
  constexpr std::string_view kWhat = "CreateMultipartUpload";
  pugi::xml_document document;
  auto root = Root(document, xml, "InitiateMultipartUploadResult", kWhat);
  if (!root) return Fail(std::move(root).error());
  std::string upload_id = ChildText(*root, "UploadId");
  if (upload_id.empty()) return Fail(Malformed(kWhat, "no UploadId"));
  return upload_id;
}

Result<std::string> ParseCompleteMultipartUpload(std::string_view xml) {
  constexpr std::string_view kWhat = "CompleteMultipartUpload";
  pugi::xml_document document;
  // AWS answers <CompleteMultipartUploadResult>; moto and some older S3-compatible stores wrap the
  // same fields in <CompleteMultipartUploadResponse>.
  auto root = Root(document, xml, "CompleteMultipartUploadResult", kWhat,
                   "CompleteMultipartUploadResponse");
  if (!root) return Fail(std::move(root).error());
  std::string etag = NormalizeEtag(ChildText(*root, "ETag"));
  if (etag.empty()) return Fail(Malformed(kWhat, "no ETag"));
  return etag;
}

Result<DeleteResult> ParseDeleteResult(std::string_view xml) {
  pugi::xml_document document;
  auto root = Root(document, xml, "DeleteResult", "DeleteObjects");
  if (!root) return Fail(std::move(root).error());
  DeleteResult result;
  ForEachChild(*root, "Deleted", [&](const pugi::xml_node& deleted) {
    result.deleted.push_back(ChildText(deleted, "Key"));
  });
  ForEachChild(*root, "Error", [&](const pugi::xml_node& error) {
    result.failed.push_back(DeleteFailure{.key = ChildText(error, "Key"),
                                          .code = ChildText(error, "Code"),
                                          .message = ChildText(error, "Message")});
  });
  return result;
}

Result<std::vector<std::pair<std::string, std::string>>> ParseMultipartUploads(
    std::string_view xml) {
  pugi::xml_document document;
  auto root = Root(document, xml, "ListMultipartUploadsResult", "ListMultipartUploads");
  if (!root) return Fail(std::move(root).error());
  const bool url_encoded = ChildText(*root, "EncodingType") == "url";
  std::vector<std::pair<std::string, std::string>> uploads;
  ForEachChild(*root, "Upload", [&](const pugi::xml_node& upload) {
    std::string key = ChildText(upload, "Key");
    if (url_encoded) key = UriDecode(key, /*plus_is_space=*/true);
    uploads.emplace_back(std::move(key), ChildText(upload, "UploadId"));
  });
  return uploads;
}

Result<XmlError> ParseErrorDocument(std::string_view xml) {
  pugi::xml_document document;
  auto root = Root(document, xml, "Error", "error");
  if (!root) return Fail(std::move(root).error());
  XmlError error{.code = ChildText(*root, "Code"),
                 .message = ChildText(*root, "Message"),
                 .request_id = ChildText(*root, "RequestId"),
                 .region = ChildText(*root, "Region")};
  if (error.region.empty()) error.region = ChildText(*root, "BucketRegion");
  if (error.code.empty()) return Fail(Malformed("error", "<Error> without <Code>"));
  return error;
}

}  // namespace s3mirror::s3
