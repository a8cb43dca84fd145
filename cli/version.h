// The text of `s3mirror --version`.
#pragma once

#include <string>

namespace s3mirror::cli {

// "s3mirror 0.1.0 (git 1a2b3c4)\nlibcurl/8.1.2 OpenSSL/3.0.11 ...\nOpenSSL 3.0.11 19 Sep 2023\n":
// our version and revision, then the libraries as loaded at run time (not as compiled against).
std::string VersionText();

}  // namespace s3mirror::cli
