#pragma once
// The rows behind spinor/known_chips.hpp, in a header so that the lookups are constexpr: a build
// that names its part at compile time (spinor::known_part) carries that one ChipInfo, not the table.
#include <array>
#include <cstddef>
#include <cstdint>

#include "core/clock.hpp"
#include "spinor/chip_info.hpp"
#include "spinor/opcodes.hpp"

namespace norboot::spinor::detail {

struct KnownChip {
  std::array<uint8_t, 3> id;
  const char* name;
  uint32_t size;
  bool opcodes_4b;          // dedicated 4-byte read/program and 4K/64K erase opcodes (13h..DCh)
  bool erase32k_4b;         // BE32K4 5Ch as well (W25Q256JV has none)
  ProtectRule protect;
  uint64_t page_typ_us, page_max_us;
  uint64_t erase4k_typ_ms, erase4k_max_ms;
  uint64_t erase32k_typ_ms, erase32k_max_ms;
  uint64_t erase64k_typ_ms, erase64k_max_ms;
  uint64_t chip_typ_s, chip_max_s;
  uint64_t dp_exit_us;
};

inline constexpr ProtectRule kMacronixBp4{.mask = 0x3C, .tb_bit = 0, .first_unit = 64 * 1024};
inline constexpr ProtectRule kWinbondBp3{.mask = 0x1C, .tb_bit = 0x20, .first_unit = 256 * 1024};
inline constexpr ProtectRule kWinbondBp4{.mask = 0x3C, .tb_bit = 0x40, .first_unit = 64 * 1024};
inline constexpr ProtectRule kGigaDeviceBp3{.mask = 0x1C, .tb_bit = 0x20, .first_unit = 64 * 1024};
inline constexpr ProtectRule kUnknownPart{.mask = 0x3C, .first_unit = 0};

// One line per part: id, name, size, 4-byte opcodes, 32K 4-byte erase, protect rule, then
// typical/maximum times (page µs, 4K ms, 32K ms, 64K ms, chip s) and the deep-power-down exit
// delay in µs.
inline constexpr std::array<KnownChip, 7> kKnownChips{{
    {{0xC2, 0x28, 0x16}, "MX25R3235F", 4u << 20, false, false, kMacronixBp4, 896, 5376, 48, 384, 240, 1920, 480, 3840, 26, 156, 40},
    {{0xC2, 0x28, 0x17}, "MX25R6435F", 8u << 20, false, false, kMacronixBp4, 896, 5376, 48, 384, 240, 1920, 480, 3840, 52, 312, 40},
    {{0xEF, 0x40, 0x18}, "W25Q128JV", 16u << 20, false, false, kWinbondBp3, 400, 3000, 45, 400, 120, 1600, 150, 2000, 40, 200, 30},
    {{0xEF, 0x40, 0x19}, "W25Q256JV", 32u << 20, true, false, kWinbondBp4, 400, 3000, 45, 400, 120, 1600, 150, 2000, 80, 400, 30},
    {{0xC8, 0x40, 0x16}, "GD25Q32", 4u << 20, false, false, kGigaDeviceBp3, 600, 2400, 50, 400, 160, 1600, 250, 2000, 15, 60, 30},
    {{0xC8, 0x40, 0x17}, "GD25Q64", 8u << 20, false, false, kGigaDeviceBp3, 600, 2400, 50, 400, 160, 1600, 250, 2000, 30, 120, 30},
    {{0xC8, 0x40, 0x18}, "GD25Q128", 16u << 20, false, false, kGigaDeviceBp3, 600, 2400, 50, 400, 160, 1600, 250, 2000, 60, 240, 30},
}};

inline constexpr size_t kNotKnown = kKnownChips.size();

// An index rather than a pointer: GCC 12's -fsanitize=undefined turns a pointer-to-null comparison
// into something a constant expression may not contain, and known_part() must stay consteval there.
constexpr size_t find_known(const std::array<uint8_t, 3>& id) {
  for (size_t i = 0; i < kKnownChips.size(); ++i) {
    if (kKnownChips[i].id == id) return i;
  }
  return kNotKnown;
}

constexpr EraseType known_erase_type(uint32_t size, uint8_t opcode, bool opcode_4b, uint64_t typ_ms, uint64_t max_ms) {
  return EraseType{.size = size,
                   .opcode = opcode,
                   .opcode_4b = opcode_4b ? op::erase_opcode_4b(opcode) : uint8_t{0},
                   .typ_ns = typ_ms * core::kNsPerMs,
                   .max_ns = max_ms * core::kNsPerMs};
}

constexpr ChipInfo known_chip_info(const KnownChip& k) {
  ChipInfo c;
  c.jedec_id = k.id;
  c.source = ParamSource::kKnownTable;
  c.part_name = k.name;
  c.size = k.size;
  c.page_size = 256;
  c.erase = {known_erase_type(4096, 0x20, k.opcodes_4b, k.erase4k_typ_ms, k.erase4k_max_ms),
             known_erase_type(32768, 0x52, k.opcodes_4b && k.erase32k_4b, k.erase32k_typ_ms, k.erase32k_max_ms),
             known_erase_type(65536, 0xD8, k.opcodes_4b, k.erase64k_typ_ms, k.erase64k_max_ms)};
  c.erase_count = 3;
  c.page_program_typ_ns = k.page_typ_us * core::kNsPerUs;
  c.page_program_max_ns = k.page_max_us * core::kNsPerUs;
  c.chip_erase_typ_ns = k.chip_typ_s * core::kNsPerS;
  c.chip_erase_max_ns = k.chip_max_s * core::kNsPerS;
  c.has_deep_power_down = true;
  c.dp_exit_ns = k.dp_exit_us * core::kNsPerUs;
  c.soft_reset_66_99 = true;
  c.address_bytes = k.size > (16u << 20) ? AddressBytes::k3Or4 : AddressBytes::k3Only;
  c.enter_4b_methods = k.size > (16u << 20) ? uint8_t{enter4b::kB7 | enter4b::kDedicatedOpcodes} : uint8_t{0};
  c.has_4b_read_program = k.opcodes_4b;
  c.protect = k.protect;
  return c;
}

// Reached only in a constant expression, and only for an ID missing from the table: not being
// constexpr, it makes that build fail.
void jedec_id_not_in_known_part_table();

}  // namespace norboot::spinor::detail
