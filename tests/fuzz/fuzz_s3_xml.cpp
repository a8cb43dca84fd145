// libFuzzer target: every S3 XML answer parser (lib/s3/xml.h) on the same bytes. The parsers take
// what a server (or anything between us and it) sends, so any input must give a value or an
// error, never a crash, a hang or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "s3/xml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  namespace s3 = s3mirror::s3;
  (void)s3::ParseListObjectsV2(xml);
  (void)s3::ParseUploadId(xml);
  (void)s3::ParseCompleteMultipartUpload(xml);
  (void)s3::ParseDeleteResult(xml);
  (void)s3::ParseMultipartUploads(xml);
  (void)s3::ParseErrorDocument(xml);
  return 0;
}
