#pragma once
// Built-in facts about a few JEDEC IDs: the fallback when a part has no (or a broken) SFDP table,
// and the block-protect layout, which SFDP cannot describe (reference §1.4 rule 6).
//
//   id        part         size    4-byte opcodes  protect field     TB (bottom)  protected
//   C2 28 16  MX25R3235F   4 MiB   –               BP3..0 = SR[5:2]  –            top 64 KiB << (BP−1)
//   C2 28 17  MX25R6435F   8 MiB   –               BP3..0 = SR[5:2]  –            top 64 KiB << (BP−1)
//   EF 40 18  W25Q128JV   16 MiB   –               BP2..0 = SR[4:2]  SR bit 5     256 KiB << (BP−1)
//   EF 40 19  W25Q256JV   32 MiB   yes (no 5Ch)    BP3..0 = SR[5:2]  SR bit 6     64 KiB << (BP−1)
//   C8 40 16/17/18 GD25Q32/64/128: 4/8/16 MiB, no 4-byte opcodes, BP2..0 = SR[4:2], TB SR bit 5
// (Macronix keeps TB in the OTP configuration register; it is taken as 0, "top". Winbond SEC/CMP
// are not decoded: a part with them set is protected more or less than this says.)
//
// A part missing from the table is treated as wholly protected whenever SR[5:2] is non-zero.
// Times are datasheet-style figures (reference §1.8), used only when SFDP gives none, or when a
// build names its part (known_part + SpiNor::probe_known; the rows: detail/known_chip_table.hpp).
#include <array>
#include <cstdint>
#include <optional>

#include "spinor/chip_info.hpp"
#include "spinor/detail/known_chip_table.hpp"

namespace norboot::spinor {

/// The full ChipInfo for a known JEDEC ID (source kKnownTable, protect rule included), or nullopt.
/// constexpr: at run time it searches the table; in a constant expression it leaves none behind.
constexpr std::optional<ChipInfo> known_chip(const std::array<uint8_t, 3>& id) {
  const size_t i = detail::find_known(id);
  if (i == detail::kNotKnown) return std::nullopt;
  return detail::known_chip_info(detail::kKnownChips[i]);
}

/// For a build that knows its part (SpiNor::probe_known): the table's ChipInfo, computed by the
/// compiler, so the program holds that one ChipInfo and not the table. An unknown ID does not compile.
consteval ChipInfo known_part(const std::array<uint8_t, 3>& id) {
  const size_t i = detail::find_known(id);
  if (i == detail::kNotKnown) detail::jedec_id_not_in_known_part_table();
  return detail::known_chip_info(detail::kKnownChips[i]);
}

/// The block-protect rule for an ID (a conservative whole-device rule for unknown parts).
constexpr ProtectRule protect_rule(const std::array<uint8_t, 3>& id) {
  const size_t i = detail::find_known(id);
  return i != detail::kNotKnown ? detail::kKnownChips[i].protect : detail::kUnknownPart;
}

/// The range status register `sr` protects on a device of `size` bytes.
ProtectedRange protected_range(const ProtectRule& rule, uint8_t sr, uint32_t size);

}  // namespace norboot::spinor
