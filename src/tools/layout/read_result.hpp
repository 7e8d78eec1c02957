#pragma once
// ReadResult<T>: a value or the ReadError saying why there is none — the host readers' std::expected.
// Not std::expected itself: clang 14 (the fuzzing compiler) cannot copy a libstdc++ std::expected
// whose value or error is not trivially copyable (it lacks conditionally trivial special members),
// and a ReadError carries strings (std::variant and std::optional hit the same clang 14 gap, so
// both members are stored; every T the readers return is default-constructible). Same surface
// as std::expected for what the readers use: construct from T or from std::unexpected(ReadError),
// bool test, *, ->, error().
#include <expected>
#include <utility>

namespace norboot::tools::layout {

struct ReadError;

template <class T, class E>
class BasicReadResult {
 public:
  BasicReadResult(T value) : ok_(true), value_(std::move(value)) {}
  template <class U>
  BasicReadResult(std::unexpected<U> e) : ok_(false), error_(std::move(e.error())) {}

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  T& operator*() { return value_; }
  const T& operator*() const { return value_; }
  T* operator->() { return &value_; }
  const T* operator->() const { return &value_; }
  const E& error() const { return error_; }

 private:
  bool ok_;
  T value_{};
  E error_{};
};

}  // namespace norboot::tools::layout
