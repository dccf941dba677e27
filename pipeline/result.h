// SPDX-License-Identifier: Apache-2.0
// Result<T> and Diagnostic: errors as values at the program's boundaries.
//
// Functions that touch the outside world (reading files, parsing a JSON line,
// loading rules) return Result<T>: either a value or a Diagnostic naming the
// path and line at fault. The API follows std::expected (ok(), value(),
// error()) so that moving to it later is a rename. Stages never fail because
// of content: bad text yields fewer annotations, not errors.
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <variant>

namespace timeline {

// Where and what went wrong. Format() renders it as "PATH[:LINE]: message";
// tests compare that whole string.
struct Diagnostic {
  std::string path;     // file, rule file or article id; may be empty
  uint32_t line = 0;    // 1-based; 0 = not about one line
  std::string message;  // lower-case, no trailing period

  // "PATH:LINE: message", "PATH: message" or "message".
  std::string Format() const;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

// Makes a Diagnostic; the common case in one call.
inline Diagnostic Error(std::string path, uint32_t line, std::string message) {
  return Diagnostic{std::move(path), line, std::move(message)};
}

// Runs f, the last defence around work on one article: returns "" when it
// returns, or "internal error: <what>" when it throws.
template <class F>
std::string InternalError(F&& f) noexcept {
  try {
    f();
    return {};
  } catch (const std::exception& e) {
    try {
      return std::string("internal error: ") + e.what();
    } catch (...) {
      return "internal error";
    }
  } catch (...) {
    return "internal error";
  }
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Result(Diagnostic error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  const Diagnostic& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Diagnostic> v_;
};

// Result<void>: success or a Diagnostic.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Diagnostic error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Diagnostic& error() const { return error_; }

 private:
  Diagnostic error_;
  bool ok_ = true;
};

}  // namespace timeline
