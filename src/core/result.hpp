#pragma once
// Result<T> and Status: std::expected with core::Error, marked [[nodiscard]] so an ignored I/O
// result is a compile error under -Werror. NB_TRY is the only control-flow macro (STYLE.md).
#include <expected>
#include <utility>

#include "core/error.hpp"

namespace norboot::core {

template <class T>
class [[nodiscard]] Result : public std::expected<T, Error> {
 public:
  using std::expected<T, Error>::expected;
  constexpr Result(std::expected<T, Error> e) : std::expected<T, Error>(std::move(e)) {}
};

using Status = Result<void>;

inline constexpr Status ok() { return {}; }

/// Builds the unexpected value for a return statement: `return fail(Errc::kBadMagic, "header magic")`.
constexpr std::unexpected<Error> fail(Errc code, const char* what) {
  return std::unexpected(Error{.code = code, .what = what});
}
constexpr std::unexpected<Error> fail(const Error& e) { return std::unexpected(e); }

}  // namespace norboot::core

// NB_TRY(expr): evaluates a Result/Status; on error returns it from the enclosing function,
// otherwise yields the value (void for Status). Uses a GNU statement expression (g++ and clang).
#define NB_TRY(expr)                                                   \
  ({                                                                   \
    auto&& nb_try_result_ = (expr);                                    \
    if (!nb_try_result_) return ::std::unexpected(nb_try_result_.error()); \
    *::std::move(nb_try_result_);                                      \
  })
