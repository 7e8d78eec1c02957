#pragma once
// The 8-byte SMP header (reference smp.md §1). Every multi-byte field is big-endian.
//
//   byte 0   bits 7..5 reserved (0), bits 4..3 version (0 = SMP v1, 1 = SMP v2), bits 2..0 op
//   byte 1   flags (none defined)
//   2..3     length of the CBOR body (header excluded)
//   4..5     group id
//   6        sequence (the response repeats the request's)
//   7        command id
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace norboot::smp {

inline constexpr size_t kHeaderSize = 8;

enum class Op : uint8_t { kRead = 0, kReadResponse = 1, kWrite = 2, kWriteResponse = 3 };

/// Protocol versions as carried in the header's version field.
inline constexpr uint8_t kVersion1 = 0;  // "original" SMP: errors as {"rc": n}
inline constexpr uint8_t kVersion2 = 1;  // SMP v2: group errors as {"err": {"group", "rc"}}

struct Header {
  uint8_t version = kVersion2;
  uint8_t op = static_cast<uint8_t>(Op::kRead);  // raw 3-bit value: requests may carry any
  uint8_t flags = 0;
  uint16_t length = 0;
  uint16_t group = 0;
  uint8_t seq = 0;
  uint8_t command = 0;

  constexpr bool is_request() const {
    return op == static_cast<uint8_t>(Op::kRead) || op == static_cast<uint8_t>(Op::kWrite);
  }
  friend constexpr bool operator==(const Header&, const Header&) = default;
};

/// Writes `h` into out[0..8). The reserved bits are written as 0; version and op are masked.
void encode_header(const Header& h, std::span<std::byte, kHeaderSize> out);

/// Reads a header from the first 8 bytes of `in`; nullopt when fewer than 8 bytes are there.
/// (Reserved bits are ignored, as Zephyr does; the caller checks version, op and length.)
std::optional<Header> decode_header(std::span<const std::byte> in);

/// The response header for a request: op + 1, same group/seq/command, length 0 (filled in later),
/// and the request's version capped at v2 (an unknown newer version is answered in v2).
Header response_header(const Header& request);

}  // namespace norboot::smp
