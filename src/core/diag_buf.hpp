#pragma once
// DiagBuf<N>: a TextBuf with its own N-byte storage, for diagnostic sentences (boot log lines).
// In a NORBOOT_DIAG_TEXT=0 build every builder call is an inline no-op and the storage is one
// byte, so the arguments (literals, numbers to format) are dead and the formatting code is not
// linked (core/build_config.hpp). TextBuf itself always works: tools and test harnesses need it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/build_config.hpp"
#include "core/text.hpp"

namespace norboot::core {

template <size_t N>
class DiagBuf {
 public:
  DiagBuf() = default;
  DiagBuf(const DiagBuf&) = delete;  // t_ points into store_
  DiagBuf& operator=(const DiagBuf&) = delete;

  DiagBuf& str(std::string_view s) {
    if constexpr (kDiagnosticText) t_.str(s);
    return *this;
  }
  DiagBuf& dec(uint64_t v) {
    if constexpr (kDiagnosticText) t_.dec(v);
    return *this;
  }
  DiagBuf& hex_bytes(std::span<const std::byte> b) {
    if constexpr (kDiagnosticText) t_.hex_bytes(b);
    return *this;
  }
  DiagBuf& ch(char c) {
    if constexpr (kDiagnosticText) t_.ch(c);
    return *this;
  }
  void clear() { t_.clear(); }
  std::string_view view() const { return t_.view(); }

 private:
  std::array<char, kDiagnosticText ? N : 1> store_{};
  TextBuf t_{store_};
};

}  // namespace norboot::core
