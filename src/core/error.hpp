#pragma once
// core::Error — a trivially copyable description of a failure: what was wrong, on which device or
// area, at which offset, and the expected and found values. It never allocates, so device code can
// return it by value through every layer (see STYLE.md "Errors").
#include <cstddef>
#include <cstdint>
#include <utility>
#include <span>
#include <string_view>
#include <type_traits>

#include "core/build_config.hpp"
#include "core/static_text.hpp"

namespace norboot::core {

enum class Errc : uint8_t {
  kOutOfRange,       // offset/length past the end of a device, area or buffer
  kMisaligned,       // offset/length not a multiple of the required unit
  kInvalidArgument,  // a parameter that no call could accept
  kWriteProtected,   // the target refuses writes (block protection, read-only)
  kTimeout,          // a device did not finish within its maximum time
  kIo,               // a transfer failed on the bus or in the device
  kPowerLost,        // the simulated power is off: every device refuses work until reboot
  kBadMagic,         // a magic number did not match
  kCorrupt,          // a structure is internally inconsistent (lengths, counts, checksums)
  kMismatch,         // data read back or a digest differs from what was expected
  kNotFound,         // a named item (area, key, TLV, image) is absent
  kUnsupported,      // valid request the device or build does not implement
  kTooLarge,         // does not fit its destination
  kBusy,             // the device or state machine is in the middle of something else
  kNoSpace,          // a caller-owned buffer is too small
  kBadState,         // the request is not allowed in the current state
  kSignature,        // a signature or key check failed
  kDowngrade,        // version or security counter would go backwards
  kWriteLimit,       // a program unit was already written as often as allowed between erases
};

/// Short stable name of a code ("out_of_range"), used in logs and `--json` output.
std::string_view errc_name(Errc code);

/// Expected/found values. A build without diagnostic text (core/build_config.hpp) keeps them in 32
/// bits: that halves every Error copied through a Result (16 B instead of 24) and took 1.7 KB off
/// the boot binary. Offsets, sizes and counters fit whole; a larger value saturates at 0xFFFFFFFF
/// rather than wrapping, so it never reads as a plausible wrong number. Sites whose natural value
/// is wider (a digest, a packed version) pick their most telling 32 bits themselves.
using ErrorValue = std::conditional_t<kDiagnosticText, uint64_t, uint32_t>;

constexpr ErrorValue to_error_value(uint64_t v) {
  if constexpr (sizeof(ErrorValue) == sizeof(uint64_t)) {
    return v;
  } else {
    return v > 0xFFFFFFFFu ? 0xFFFFFFFFu : static_cast<ErrorValue>(v);
  }
}

/// The leading bytes of a digest or other byte string, big-endian, as many as an ErrorValue holds.
constexpr ErrorValue leading_bytes_value(std::span<const std::byte> b) {
  ErrorValue v = 0;
  for (size_t i = 0; i < sizeof(ErrorValue) && i < b.size(); ++i) v = (v << 8) | std::to_integer<ErrorValue>(b[i]);
  return v;
}

struct Error {
  static constexpr uint32_t kNoOffset = 0xFFFFFFFFu;

  Errc code = Errc::kIo;
  bool has_values = false;  // expected/found are meaningful (kept beside code: no padding hole)
  // Static text, dropped (left empty) by a NORBOOT_DIAG_TEXT=0 build; code, offset and values stay.
  [[no_unique_address]] StaticText what{};   // the field or operation that failed
  [[no_unique_address]] StaticText device{};  // device ("internal", "external") or empty
  [[no_unique_address]] StaticText area{};   // area ("primary", "secondary") or empty
  uint32_t offset = kNoOffset;  // device-absolute byte offset when known
  ErrorValue expected = 0;
  ErrorValue found = 0;

  // Builders. On a temporary (the usual `Error{…}.values(…).at(…)` chain inside a `return`) they
  // fill that one object in place and pass it on; on a named Error they return a filled copy.
  // Why: a copy per call kept one 48-byte Error per link of every chain alive in the frame, and
  // on a Cortex-M the validator's stack was mostly such copies. Take the result by value, never
  // as a reference (it would outlive the temporary).
  constexpr Error&& at(const char* dev, uint32_t off) && {
    device = dev;
    offset = off;
    return std::move(*this);
  }
  constexpr Error&& in_area(const char* name) && {
    area = name;
    return std::move(*this);
  }
  constexpr Error&& values(uint64_t exp, uint64_t fnd) && {
    expected = to_error_value(exp);
    found = to_error_value(fnd);
    has_values = true;
    return std::move(*this);
  }
  constexpr Error at(const char* dev, uint32_t off) const& { return Error(*this).at(dev, off); }
  constexpr Error in_area(const char* name) const& { return Error(*this).in_area(name); }
  constexpr Error values(uint64_t exp, uint64_t fnd) const& { return Error(*this).values(exp, fnd); }
};
static_assert(std::is_trivially_copyable_v<Error>);

/// Renders `area (device @0x…): what: expected 0x…, found 0x…` into `out` (always NUL-terminated
/// when out is non-empty); returns the number of characters written, excluding the NUL.
size_t format_error(const Error& e, std::span<char> out);

}  // namespace norboot::core
