#pragma once
// StaticText: a pointer to static text (a string literal or a constexpr table entry) that a
// NORBOOT_DIAG_TEXT=0 build drops at the point of construction. Why a type and not a macro at every
// call site: `Error{.what = "header magic"}` stays one readable line, and once the constructor
// discards the pointer nothing refers to the literal, so the optimizer leaves it out of the image.
// Without text the type is empty (declare members [[no_unique_address]]), so no error site stores
// the three pointers and core::Error shrinks (48 -> 16 bytes with its 32-bit values, error.hpp).
#include <string_view>

#include "core/build_config.hpp"

namespace norboot::core {

template <bool kKeep>
class BasicStaticText {
 public:
  constexpr BasicStaticText() = default;
  constexpr BasicStaticText(const char* s) : s_(s != nullptr ? s : "") {}  // NOLINT: implicit by design

  constexpr const char* c_str() const { return s_; }
  constexpr operator const char*() const { return s_; }  // NOLINT: reads like the char* it replaces
  constexpr bool empty() const { return s_[0] == '\0'; }

 private:
  const char* s_ = "";
};

template <>
class BasicStaticText<false> {
 public:
  constexpr BasicStaticText() = default;
  constexpr BasicStaticText(const char*) {}  // NOLINT: implicit by design

  constexpr const char* c_str() const { return ""; }
  constexpr operator const char*() const { return ""; }  // NOLINT
  constexpr bool empty() const { return true; }
};

using StaticText = BasicStaticText<kDiagnosticText>;

/// The same for a string_view in a constexpr table: empty in a NORBOOT_DIAG_TEXT=0 build, so the
/// table no longer refers to the literal. Only for text no device code matches on (prose, display
/// names such as imgtool's TLV names, which only host tools parse, and hosts always keep text).
constexpr std::string_view diag_text(std::string_view s) { return kDiagnosticText ? s : std::string_view{}; }

}  // namespace norboot::core
