// Parses a command line the way main.cpp does, for testing option readers: the global options plus
// a command's, no program name in `args`.
#pragma once

#include <cxxopts.hpp>
#include <string>
#include <vector>

namespace s3mirror::cli {

inline cxxopts::ParseResult ParseArgs(void (*add_options)(cxxopts::Options&),
                                      const std::vector<std::string>& args) {
  cxxopts::Options options("s3mirror");
  if (add_options != nullptr) add_options(options);
  AddGlobalOptions(options);
  std::vector<const char*> argv = {"s3mirror"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  return options.parse(static_cast<int>(argv.size()), argv.data());
}

}  // namespace s3mirror::cli
