// Reading fields of a parsed nlohmann::json object without exceptions: a missing field or one of
// another type reads as the fallback. For the state dir's own files, which may come from an older
// or newer version.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace s3mirror::state {

inline std::string JsonString(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

inline std::uint64_t JsonUint(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

inline std::int64_t JsonInt(const nlohmann::json& object, const char* key, std::int64_t fallback) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

inline double JsonDouble(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : 0.0;
}

inline bool JsonBool(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

// Serialises without throwing: invalid UTF-8 (e.g. in a path) is replaced, not an error.
inline std::string JsonDump(const nlohmann::json& value, int indent = -1) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace s3mirror::state
