// Parsers for S3 XML response bodies (pugixml). Pure. kServer on malformed documents
// (the destination's answer is unusable).
#pragma once

#include <string>
#include <string_view>

#include "s3/types.h"
#include "util/result.h"

namespace s3mirror::s3 {

// ListObjectsV2 result; keys are URL-decoded when EncodingType is "url".
Result<ListPage> ParseListObjectsV2(std::string_view xml);
// InitiateMultipartUploadResult -> UploadId.
Result<std::string> ParseUploadId(std::string_view xml);
// CompleteMultipartUploadResult -> ETag (without quotes).
Result<std::string> ParseCompleteMultipartUpload(std::string_view xml);
// DeleteResult: Deleted keys and per-key Errors.
Result<DeleteResult> ParseDeleteResult(std::string_view xml);
// ListMultipartUploadsResult -> (key, upload id) pairs.
Result<std::vector<std::pair<std::string, std::string>>> ParseMultipartUploads(
    std::string_view xml);

struct XmlError {
  std::string code{};
  std::string message{};
  std::string request_id{};
  std::string region{};  // <Region> in AuthorizationHeaderMalformed / PermanentRedirect
};
// Parses an <Error> document; nullopt-like failure when the body is not one.
Result<XmlError> ParseErrorDocument(std::string_view xml);

}  // namespace s3mirror::s3
