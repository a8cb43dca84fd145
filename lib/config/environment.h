// Environment: the getenv seam, so settings resolution is testable with a map.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace s3mirror::config {

class Environment {
 public:
  virtual ~Environment() = default;
  // The variable's value; nullopt when unset. An empty value counts as unset.
  virtual std::optional<std::string> Get(const std::string& name) const = 0;
};

class SystemEnvironment final : public Environment {
 public:
  std::optional<std::string> Get(const std::string& name) const override;
};

class MapEnvironment final : public Environment {
 public:
  explicit MapEnvironment(std::map<std::string, std::string> values) : values_(std::move(values)) {}
  std::optional<std::string> Get(const std::string& name) const override;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace s3mirror::config
