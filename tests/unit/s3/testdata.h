// Reads a sample S3 answer from tests/testdata/xml/.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace s3mirror::s3::testing {

inline std::string ReadXmlSample(const std::string& name) {
  std::ifstream file(std::string(S3MIRROR_TESTDATA_DIR) + "/xml/" + name, std::ios::binary);
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

}  // namespace s3mirror::s3::testing
