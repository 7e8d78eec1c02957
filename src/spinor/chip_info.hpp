#pragma once
// ChipInfo: everything the driver knows about the attached part after probe() — its identity,
// geometry, erase types, timings and addressing. It is filled from the chip's own SFDP tables
// (spinor/sfdp.hpp) and, only when SFDP is absent or broken, from the built-in table of known
// JEDEC IDs (spinor/known_chips.hpp), or from that table alone when a build names its part
// (SpiNor::probe_known).
#include <array>
#include <cstdint>

namespace norboot::spinor {

inline constexpr size_t kMaxEraseTypes = 4;

struct EraseType {
  uint32_t size = 0;       // bytes (a power of two)
  uint8_t opcode = 0;      // with a 3-byte (or mode-selected 4-byte) address
  uint8_t opcode_4b = 0;   // dedicated 4-byte-address opcode, 0 when the part has none
  uint64_t typ_ns = 0;
  uint64_t max_ns = 0;
  uint8_t sfdp_type = 0;   // 1..4: its number in the SFDP tables (DW8/9, DW10, 0xFF84); 0 = table
};

/// What DW1 bits 18:17 say about address bytes.
enum class AddressBytes : uint8_t { k3Only, k3Or4, k4Only };

/// How the driver addresses the part above 16 MiB (chosen at probe).
enum class AddressMode : uint8_t {
  k3Byte,         // parts up to 16 MiB
  k4ByteOpcodes,  // dedicated 4-byte opcodes (0x0C, 0x12, 0x21/0x5C/0xDC): stateless, preferred
  k4ByteMode,     // EN4B issued at probe; plain opcodes carry 4 address bytes
  k4ByteOnly,     // the part always takes 4 address bytes
};

enum class ParamSource : uint8_t { kSfdp, kKnownTable };

/// DW16 bits 31:24, "enter 4-byte addressing" methods (JESD216A+).
namespace enter4b {
inline constexpr uint8_t kB7 = 0x01;            // issue 0xB7
inline constexpr uint8_t kWrenB7 = 0x02;        // WREN, then 0xB7
inline constexpr uint8_t kDedicatedOpcodes = 0x20;  // a dedicated 4-byte instruction set exists
inline constexpr uint8_t kAlways4Byte = 0x40;   // the part always uses 4-byte addresses
}  // namespace enter4b

struct ProtectRule {
  uint8_t mask = 0x3C;       // status-register bits that form the BP field
  uint8_t tb_bit = 0;        // status-register bit that moves the range to the bottom; 0 = none
  uint32_t first_unit = 0;   // bytes protected at BP = 1 (doubling per step); 0 = whole device
};

struct ProtectedRange {
  uint32_t off = 0;
  uint32_t len = 0;   // 0: nothing protected
  constexpr bool overlaps(uint32_t o, uint64_t l) const {
    return len != 0 && l != 0 && o < uint64_t{off} + len && uint64_t{o} + l > off;
  }
};

/// The RDID bytes as one 24-bit value (manufacturer in bits 23:16), as errors report them.
constexpr uint32_t jedec_id24(const std::array<uint8_t, 3>& id) {
  return (uint32_t{id[0]} << 16) | (uint32_t{id[1]} << 8) | id[2];
}

struct ChipInfo {
  std::array<uint8_t, 3> jedec_id{};
  ParamSource source = ParamSource::kSfdp;
  const char* part_name = "";   // from the known table, "" when only SFDP named it
  uint32_t size = 0;            // bytes
  uint32_t page_size = 256;

  std::array<EraseType, kMaxEraseTypes> erase{};  // ascending by size
  uint8_t erase_count = 0;

  uint64_t page_program_typ_ns = 0;
  uint64_t page_program_max_ns = 0;
  uint64_t byte_program_first_ns = 0;   // typical time of the first byte of a program
  uint64_t byte_program_more_ns = 0;    // typical time of each further byte
  uint64_t chip_erase_typ_ns = 0;
  uint64_t chip_erase_max_ns = 0;

  bool has_deep_power_down = false;
  uint8_t dp_enter_opcode = 0xB9;
  uint8_t dp_exit_opcode = 0xAB;
  uint64_t dp_exit_ns = 0;              // from the exit command until the part accepts commands

  bool soft_reset_66_99 = false;        // DW16 bits 13:8, bit 4
  AddressBytes address_bytes = AddressBytes::k3Only;
  uint8_t enter_4b_methods = 0;         // enter4b bits (0 when unknown)
  bool has_4b_read_program = false;     // FAST_READ4 0x0C and PP4 0x12 (0xFF84 table or DW16)

  ProtectRule protect{};                // block-protect field: known table (SFDP cannot say); the
                                        // default is the whole-device rule for unknown parts

  /// Typical time to program `len` bytes inside one page: the JESD216 byte-program model (first
  /// byte + each further byte), never more than the full-page time.
  constexpr uint64_t program_typ_ns(uint32_t len) const {
    if (len == 0) return 0;
    if (byte_program_first_ns == 0 || len >= page_size) return page_program_typ_ns;
    uint64_t t = byte_program_first_ns + uint64_t{len - 1} * byte_program_more_ns;
    return t < page_program_typ_ns ? t : page_program_typ_ns;
  }
  /// The deadline of any program is the full-page maximum: a short program is usually quicker,
  /// but nothing in JESD216 promises its maximum scales down.
  constexpr uint64_t program_max_ns() const { return page_program_max_ns; }
};

}  // namespace norboot::spinor
