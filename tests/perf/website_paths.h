// The million-file tree of the memory harnesses (nochange_memory, header_record_memory).
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

namespace s3mirror::perf {

// Key i of the tree: 10 sections x 100 folders, ~52-byte paths; strictly increasing in byte order
// with i (fixed-width numbers).
inline std::string PathAt(std::size_t i) {
  char path[96];
  std::snprintf(path, sizeof path, "section-%02zu/batch-%03zu/some-article-title-%07zu.html",
                i / 100000, (i / 1000) % 100, i);
  return path;
}

}  // namespace s3mirror::perf
