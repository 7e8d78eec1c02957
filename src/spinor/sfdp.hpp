#pragma once
// SFDP (JESD216) decoding: pure functions over bytes already read from the chip, so they can be
// tested against real tables (reference/spi-nor.md §2.6) without a bus.
//
//   SFDP space:  0x00  header "SFDP", rev, NPH (= headers − 1), access protocol
//                0x08  parameter header 0 (must be the Basic Flash Parameter table, 0xFF00)
//                0x10  parameter header 1 …  (0xFF84 = 4-byte address instruction table)
//   Each parameter header: id LSB, minor, major, length in DWORDs, 24-bit pointer, id MSB.
//
// The basic table grew over time (9 DWORDs in JESD216, 16 in JESD216A/B, 20 in C/D): every DWORD
// past the 9th is decoded only when the header's length covers it; missing timing DWORDs leave
// conservative defaults. A table that contradicts itself (no erase type, an erase type larger than
// the device, an impossible density or page size, reserved address-byte code) is kCorrupt with the
// field named and expected vs found.
#include <cstdint>
#include <span>

#include "core/result.hpp"
#include "spinor/chip_info.hpp"

namespace norboot::spinor::sfdp {

inline constexpr uint32_t kSignature = 0x50444653;  // "SFDP" read little-endian
inline constexpr uint16_t kIdBasic = 0xFF00;
inline constexpr uint16_t kId4ByteInstructions = 0xFF84;
inline constexpr uint32_t kHeaderBytes = 8;          // SFDP header and each parameter header
inline constexpr uint8_t kMinBasicDwords = 9;        // JESD216
inline constexpr uint8_t kMaxBasicDwords = 20;       // JESD216D: longer tables are read this far
inline constexpr uint8_t kMaxParamHeaders = 6;       // the driver looks at no more than these

struct Header {
  uint8_t minor = 0;
  uint8_t major = 0;
  uint8_t param_count = 0;  // NPH + 1
  uint8_t access = 0;
};

struct ParamHeader {
  uint16_t id = 0;
  uint8_t minor = 0;
  uint8_t major = 0;
  uint8_t len_dw = 0;
  uint32_t pointer = 0;     // byte address in SFDP space
};

/// Decodes the 8-byte SFDP header. Errors: kBadMagic (no "SFDP" signature: the part has no SFDP,
/// expected/found = the signature), kInvalidArgument (fewer than 8 bytes).
core::Result<Header> parse_header(std::span<const std::byte> b);

/// Decodes one 8-byte parameter header (caller passes at least 8 bytes).
ParamHeader parse_param_header(std::span<const std::byte> b);

/// Decodes the Basic Flash Parameter table into `info` (size, page size, erase types with their
/// times, program and chip-erase times, deep power-down, soft reset, address bytes, 4-byte entry
/// methods). `len_dw` is the header's length; `table` holds min(len_dw, 20) DWORDs.
/// Errors: kCorrupt (field named, expected vs found), kInvalidArgument (`table` too short).
core::Status parse_basic_table(std::span<const std::byte> table, uint8_t len_dw, ChipInfo& info);

/// Decodes the 0xFF84 4-byte address instruction table (needs its 2 DWORDs): whether FAST_READ4
/// 0x0C and PP4 0x12 exist, and each erase type's 4-byte opcode. Call after parse_basic_table.
/// Errors: kCorrupt (shorter than 2 DWORDs).
core::Status parse_4byte_table(std::span<const std::byte> table, uint8_t len_dw, ChipInfo& info);

/// Conservative times for an erase of `size` bytes when the table gives none (JESD216 without
/// DW10): about 12 ms per KiB typical, ×8 maximum.
EraseType default_erase_times(EraseType e);

}  // namespace norboot::spinor::sfdp
