#pragma once
// SFDP (JESD216) tables for the simulated chips: constexpr encoders for the fields whose values
// come from a preset (density, erase and program times), and the builder of the whole SFDP space
// a chip answers RDSFDP 0x5A from.
//
//   0x00  "SFDP", minor 6, major 1 (JESD216B), NPH = headers − 1, access protocol 0xFF
//   0x08  parameter header: 0xFF00 Basic Flash Parameter table, rev 1.6, 16 DWORDs → 0x30
//   0x10  parameter header: 0xFF84 4-byte address instruction table, rev 1.0, 2 DWORDs → 0x70
//   0x30  BFP DWORDs 1..16, little-endian
//   0x70  4-byte table DWORDs 1..2 (when present)
//   past the tables: 0xFF
//
// Time fields are JEDEC-quantised: a typical time is a count (1..32 or 1..16) of a unit chosen per
// field, and the maximum is typical × 2·(n+1) with one n shared by all erase types (DW10) and one
// by page program and chip erase (DW11). The encoders round a typical time up to the smallest
// representable value and pick the smallest n for which every encoded maximum covers the given
// maximum, so a driver that trusts the table never times out before the model's maximum.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace norboot::sim::sfdp_image {

using BasicTable = std::array<uint32_t, 16>;  // DWORD 1 is [0]

struct FourByteTable {
  uint32_t dw1 = 0;  // supported 4-byte instructions (bit 0: 13h, 1: 0Ch, 6: 12h, 9..12: erase types)
  uint32_t dw2 = 0;  // 4-byte opcode of erase type 1..4, one byte each (0xFF: none)
};

struct TimeRange {
  uint64_t typ_ns = 0;  // 0: unused erase type
  uint64_t max_ns = 0;
};

inline constexpr uint32_t kBasicTableAt = 0x30;
inline constexpr uint32_t kFourByteTableAt = 0x70;

/// DW2: density in bits, as "bits − 1" up to 2 Gbit, else 2^N with bit 31 set.
constexpr uint32_t density_dw2(uint64_t bytes) {
  const uint64_t bits = bytes * 8;
  if (bits <= (uint64_t{1} << 31)) return static_cast<uint32_t>(bits - 1);
  uint32_t n = 0;
  while ((uint64_t{1} << n) < bits) ++n;
  return 0x80000000u | n;
}

namespace detail {

/// (count − 1) | unit_index << count_bits for the smallest unit that holds ceil(ns / unit) in
/// count_bits bits; saturates at the largest count of the largest unit.
template <size_t N>
constexpr uint32_t encode_time(uint64_t ns, const std::array<uint64_t, N>& units, unsigned count_bits) {
  const uint64_t most = uint64_t{1} << count_bits;
  for (size_t u = 0; u < N; ++u) {
    const uint64_t count = ns == 0 ? 1 : (ns + units[u] - 1) / units[u];
    if (count <= most) return static_cast<uint32_t>((count - 1) | (u << count_bits));
  }
  return static_cast<uint32_t>((most - 1) | ((N - 1) << count_bits));
}

template <size_t N>
constexpr uint64_t decode_time(uint32_t field, const std::array<uint64_t, N>& units, unsigned count_bits) {
  return ((field & ((1u << count_bits) - 1)) + 1) * units[(field >> count_bits) & (N - 1)];
}

/// Smallest n (0..15) with typ_q × 2·(n+1) ≥ max for every pair.
template <size_t N>
constexpr uint32_t multiplier(const std::array<uint64_t, N>& typ_q, const std::array<uint64_t, N>& max) {
  for (uint32_t n = 0; n < 16; ++n) {
    bool covers = true;
    for (size_t i = 0; i < N; ++i) covers = covers && (max[i] == 0 || typ_q[i] * 2 * (n + 1) >= max[i]);
    if (covers) return n;
  }
  return 15;
}

inline constexpr std::array<uint64_t, 4> kEraseUnits = {1'000'000, 16'000'000, 128'000'000, 1'000'000'000};
inline constexpr std::array<uint64_t, 4> kChipEraseUnits = {16'000'000, 256'000'000, 4'000'000'000, 64'000'000'000};
inline constexpr std::array<uint64_t, 2> kPageUnits = {8'000, 64'000};
inline constexpr std::array<uint64_t, 2> kByteUnits = {1'000, 8'000};

}  // namespace detail

/// DW10: typical time of erase types 1..4 (typ_ns 0 = unused type) and their shared multiplier.
constexpr uint32_t erase_times_dw10(const std::array<TimeRange, 4>& types) {
  std::array<uint64_t, 4> typ_q{}, max{};
  uint32_t dw = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (types[i].typ_ns == 0) continue;
    const uint32_t field = detail::encode_time(types[i].typ_ns, detail::kEraseUnits, 5);
    typ_q[i] = detail::decode_time(field, detail::kEraseUnits, 5);
    max[i] = types[i].max_ns;
    dw |= field << (4 + 7 * i);
  }
  return dw | detail::multiplier(typ_q, max);
}

/// DW11: page size, page program, first/additional byte program, chip erase, shared multiplier.
/// Bit 31 is reserved and set.
constexpr uint32_t program_times_dw11(uint32_t page_size, TimeRange page, uint64_t first_byte_ns,
                                      uint64_t more_byte_ns, TimeRange chip) {
  uint32_t page_exp = 0;
  while ((1u << page_exp) < page_size) ++page_exp;
  const uint32_t page_f = detail::encode_time(page.typ_ns, detail::kPageUnits, 5);
  const uint32_t first_f = detail::encode_time(first_byte_ns, detail::kByteUnits, 4);
  const uint32_t more_f = detail::encode_time(more_byte_ns, detail::kByteUnits, 4);
  const uint32_t chip_f = detail::encode_time(chip.typ_ns, detail::kChipEraseUnits, 5);
  const std::array<uint64_t, 2> typ_q = {detail::decode_time(page_f, detail::kPageUnits, 5),
                                         detail::decode_time(chip_f, detail::kChipEraseUnits, 5)};
  const uint32_t n = detail::multiplier(typ_q, std::array<uint64_t, 2>{page.max_ns, chip.max_ns});
  return 0x80000000u | n | (page_exp << 4) | (page_f << 8) | (first_f << 14) | (more_f << 19) | (chip_f << 24);
}

/// DW14 with a new exit-from-deep-power-down delay (bits 14:8), other fields kept.
constexpr uint32_t with_dp_exit_delay(uint32_t dw14, uint64_t exit_ns) {
  constexpr std::array<uint64_t, 4> kUnits = {128, 1'000, 8'000, 64'000};
  return (dw14 & ~0x7F00u) | (detail::encode_time(exit_ns, kUnits, 5) << 8);
}

/// The whole SFDP space (layout in the header comment).
std::vector<std::byte> build_sfdp_space(const BasicTable& basic, const std::optional<FourByteTable>& four_byte);

}  // namespace norboot::sim::sfdp_image
