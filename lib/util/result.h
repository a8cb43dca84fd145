// Result<T>: a value or an Error, spelled like std::expected (which g++ 12 only has under C++23).
// Errors are values with a kind; the kind alone decides retrying (http/retry.h: IsRetryable) and the
// exit code (cli/exit_code.h: ExitCodeFor). Exceptions never cross project code.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace s3mirror {

enum class ErrorKind {
  kUsage,          // bad command line
  kConfig,         // bad or missing configuration (credentials file, option value)
  kAuth,           // credentials rejected, access denied, signature mismatch
  kNetwork,        // could not connect, connection reset, timeout
  kThrottled,      // 503 SlowDown and friends
  kServer,         // 5xx and other server-side failures
  kNotFound,       // NoSuchBucket, NoSuchKey, 404
  kLocalIo,        // reading a local file or directory failed
  kSourceChanged,  // a local file changed while it was read
  kSafety,         // refused: deletion guard, empty or missing LOCAL_DIR
  kLocked,         // the lock is held by another process
  kCancelled,      // interrupted by a signal
  kInternal,       // a bug or an answer we cannot make sense of
};

// Stable lower-case name of a kind, used in logs and JSON ("network", "source_changed").
const char* ErrorKindName(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  // The `{}` initializers let designated initializers name only some members without
  // -Wmissing-field-initializers (GCC 12, -Wextra -Werror).
  std::string message{};     // names the subject and says what to fix; never contains secrets
  int http_status = 0;       // 0 when no HTTP answer was involved
  std::string s3_code{};     // e.g. "SlowDown", "NoSuchBucket"; empty when none
  std::string request_id{};  // x-amz-request-id when the server sent one
  int retry_after_s = -1;    // Retry-After header in seconds, -1 when absent
};

// Unexpected<E> marks an error when constructing a Result, like std::unexpected.
template <typename E>
struct Unexpected {
  E error;
};
inline Unexpected<Error> Fail(Error error) { return Unexpected<Error>{std::move(error)}; }
inline Unexpected<Error> Fail(ErrorKind kind, std::string message) {
  return Unexpected<Error>{Error{.kind = kind, .message = std::move(message)}};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Unexpected<Error> error)                                       // NOLINT: implicit by design
      : data_(std::in_place_index<1>, std::move(error.error)) {}

  bool has_value() const { return data_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(data_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(data_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& {
    assert(!has_value());
    return std::get<1>(data_);
  }
  Error&& error() && {
    assert(!has_value());
    return std::get<1>(std::move(data_));
  }

 private:
  std::variant<T, Error> data_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected<Error> error) : error_(std::move(error.error)), ok_(false) {}  // NOLINT

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& {
    assert(!ok_);
    return error_;
  }
  Error&& error() && {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace s3mirror
