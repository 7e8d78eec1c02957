#include "spinor/sfdp.hpp"

#include <array>
#include <utility>

#include "core/bytes.hpp"
#include "core/clock.hpp"
#include "spinor/opcodes.hpp"

namespace norboot::spinor::sfdp {
namespace {

using core::Errc;
using core::Error;
using core::fail;
using core::kNsPerMs;
using core::kNsPerS;
using core::kNsPerUs;

// Time units of the JESD216 timing fields, indexed by the field's unit bits.
constexpr std::array<uint64_t, 4> kEraseUnitNs = {1 * kNsPerMs, 16 * kNsPerMs, 128 * kNsPerMs, 1 * kNsPerS};
constexpr std::array<uint64_t, 4> kChipEraseUnitNs = {16 * kNsPerMs, 256 * kNsPerMs, 4 * kNsPerS, 64 * kNsPerS};
constexpr std::array<uint64_t, 2> kPageProgramUnitNs = {8 * kNsPerUs, 64 * kNsPerUs};
constexpr std::array<uint64_t, 2> kByteProgramUnitNs = {1 * kNsPerUs, 8 * kNsPerUs};
constexpr std::array<uint64_t, 4> kDpExitUnitNs = {128, 1 * kNsPerUs, 8 * kNsPerUs, 64 * kNsPerUs};

// Without DW11: a page of 256 bytes, 1 ms typical and 5 ms maximum per page.
constexpr uint64_t kDefaultPageTypNs = 1 * kNsPerMs;
constexpr uint64_t kDefaultPageMaxNs = 5 * kNsPerMs;
constexpr uint32_t kMaxDensityExponent = 34;  // 2^34 bits = 2 GiB, the most a uint32_t offset reaches
constexpr uint8_t kMinEraseExponent = 8;      // 256 bytes
constexpr uint8_t kMinPageExponent = 4;       // 16 bytes
constexpr uint8_t kMaxPageExponent = 12;      // 4 KiB

uint32_t dword(std::span<const std::byte> t, uint32_t number) { return core::load_le32(t, (number - 1) * 4); }

constexpr uint32_t bits(uint32_t v, unsigned lo, unsigned count) { return (v >> lo) & ((1u << count) - 1); }

Error corrupt(const char* what, uint64_t expected, uint64_t found) {
  return Error{.code = Errc::kCorrupt, .what = what}.values(expected, found);
}

core::Result<uint32_t> decode_density(uint32_t dw2) {
  uint64_t bits_total = 0;
  if (dw2 & 0x80000000u) {
    const uint32_t exponent = dw2 & 0x7FFFFFFFu;
    if (exponent > kMaxDensityExponent || exponent < 3) {
      return fail(corrupt("SFDP density exponent (DW2) out of range", kMaxDensityExponent, exponent));
    }
    bits_total = uint64_t{1} << exponent;
  } else {
    bits_total = uint64_t{dw2} + 1;
  }
  if (bits_total % 8 != 0 || bits_total / 8 < 4096 || bits_total / 8 > (uint64_t{1} << 31)) {
    return fail(corrupt("SFDP density (DW2) not a whole number of bytes between 4 KiB and 2 GiB",
                        uint64_t{1} << 31, bits_total / 8));
  }
  return static_cast<uint32_t>(bits_total / 8);
}

core::Result<AddressBytes> decode_address_bytes(uint32_t dw1) {
  switch (bits(dw1, 17, 2)) {
    case 0: return AddressBytes::k3Only;
    case 1: return AddressBytes::k3Or4;
    case 2: return AddressBytes::k4Only;
    default: return fail(corrupt("SFDP address bytes (DW1 bits 18:17) reserved value", 2, 3));
  }
}

// DW8/DW9: four 16-bit erase-type fields (size exponent, opcode); kept in SFDP order here.
core::Status decode_erase_types(std::span<const std::byte> t, ChipInfo& info) {
  info.erase_count = 0;
  for (uint8_t type = 1; type <= kMaxEraseTypes; ++type) {
    const uint32_t field = bits(dword(t, type <= 2 ? 8 : 9), type % 2 == 1 ? 0 : 16, 16);
    const uint8_t exponent = static_cast<uint8_t>(field & 0xFF);
    if (exponent == 0) continue;  // type unused
    if (exponent < kMinEraseExponent || exponent > 31 || (uint64_t{1} << exponent) > info.size) {
      return fail(corrupt("SFDP erase type size (DW8/DW9) not between 256 bytes and the device size",
                          info.size, exponent < 32 ? uint64_t{1} << exponent : exponent));
    }
    info.erase[info.erase_count++] = EraseType{.size = 1u << exponent,
                                               .opcode = static_cast<uint8_t>(field >> 8),
                                               .sfdp_type = type};
  }
  if (info.erase_count == 0) return fail(corrupt("SFDP lists no erase type (DW8/DW9)", 1, 0));
  return core::ok();
}

// DW10: typical erase time per type (5-bit count + 2-bit unit from bit 4, 7 bits each) and the
// typical-to-maximum multiplier 2·(n+1) in bits 3:0.
void decode_erase_times(uint32_t dw10, ChipInfo& info) {
  const uint32_t factor = 2 * (bits(dw10, 0, 4) + 1);
  for (size_t i = 0; i < info.erase_count; ++i) {
    EraseType& e = info.erase[i];
    const uint32_t field = bits(dw10, 4 + (e.sfdp_type - 1u) * 7, 7);
    e.typ_ns = (bits(field, 0, 5) + 1) * kEraseUnitNs[bits(field, 5, 2)];
    e.max_ns = e.typ_ns * factor;
  }
}

// DW11: program/chip-erase multiplier, page size, page/byte program times, chip erase time.
core::Status decode_program_times(uint32_t dw11, ChipInfo& info) {
  const uint32_t factor = 2 * (bits(dw11, 0, 4) + 1);
  const uint32_t page_exponent = bits(dw11, 4, 4);
  if (page_exponent < kMinPageExponent || page_exponent > kMaxPageExponent ||
      (1u << page_exponent) > info.erase[0].size) {
    return fail(corrupt("SFDP page size (DW11 bits 7:4) not between 16 bytes and the smallest erase size",
                        256, uint64_t{1} << page_exponent));
  }
  info.page_size = 1u << page_exponent;
  info.page_program_typ_ns = (bits(dw11, 8, 5) + 1) * kPageProgramUnitNs[bits(dw11, 13, 1)];
  info.page_program_max_ns = info.page_program_typ_ns * factor;
  info.byte_program_first_ns = (bits(dw11, 14, 4) + 1) * kByteProgramUnitNs[bits(dw11, 18, 1)];
  info.byte_program_more_ns = (bits(dw11, 19, 4) + 1) * kByteProgramUnitNs[bits(dw11, 23, 1)];
  info.chip_erase_typ_ns = (bits(dw11, 24, 5) + 1) * kChipEraseUnitNs[bits(dw11, 29, 2)];
  info.chip_erase_max_ns = info.chip_erase_typ_ns * factor;
  return core::ok();
}

// DW14: bit 31 set = no deep power-down; enter opcode 30:23, exit opcode 22:15, exit delay 14:8.
void decode_deep_power_down(uint32_t dw14, ChipInfo& info) {
  info.has_deep_power_down = (dw14 & 0x80000000u) == 0;
  if (!info.has_deep_power_down) return;
  info.dp_enter_opcode = static_cast<uint8_t>(bits(dw14, 23, 8));
  info.dp_exit_opcode = static_cast<uint8_t>(bits(dw14, 15, 8));
  info.dp_exit_ns = (bits(dw14, 8, 5) + 1) * kDpExitUnitNs[bits(dw14, 13, 2)];
}

// DW16: enter-4-byte methods 31:24 (all ones = not applicable), soft reset methods 13:8.
void decode_reset_and_4byte(uint32_t dw16, ChipInfo& info) {
  const uint8_t enter = static_cast<uint8_t>(bits(dw16, 24, 8));
  info.enter_4b_methods = enter == 0xFF ? 0 : enter;
  info.soft_reset_66_99 = (bits(dw16, 8, 6) & 0x10) != 0;
  if (info.enter_4b_methods & enter4b::kDedicatedOpcodes) {
    info.has_4b_read_program = true;
    for (size_t i = 0; i < info.erase_count; ++i) info.erase[i].opcode_4b = op::erase_opcode_4b(info.erase[i].opcode);
  }
}

// Erase types ascending by size (the driver picks the largest that fits from the end).
void sort_erase_types(ChipInfo& info) {
  for (size_t i = 1; i < info.erase_count; ++i) {
    for (size_t j = i; j > 0 && info.erase[j - 1].size > info.erase[j].size; --j) {
      std::swap(info.erase[j - 1], info.erase[j]);
    }
  }
}

}  // namespace

EraseType default_erase_times(EraseType e) {
  e.typ_ns = uint64_t{e.size / 1024} * 12 * kNsPerMs;
  e.max_ns = e.typ_ns * 8;
  return e;
}

core::Result<Header> parse_header(std::span<const std::byte> b) {
  if (b.size() < kHeaderBytes) {
    return fail(Error{.code = Errc::kInvalidArgument, .what = "SFDP header needs 8 bytes"}.values(8, b.size()));
  }
  const uint32_t signature = core::load_le32(b, 0);
  if (signature != kSignature) {
    return fail(Error{.code = Errc::kBadMagic, .what = "SFDP signature"}.values(kSignature, signature));
  }
  return Header{.minor = std::to_integer<uint8_t>(b[4]),
                .major = std::to_integer<uint8_t>(b[5]),
                .param_count = static_cast<uint8_t>(std::to_integer<uint8_t>(b[6]) + 1),
                .access = std::to_integer<uint8_t>(b[7])};
}

ParamHeader parse_param_header(std::span<const std::byte> b) {
  return ParamHeader{
      .id = static_cast<uint16_t>(std::to_integer<uint16_t>(b[0]) | (std::to_integer<uint16_t>(b[7]) << 8)),
      .minor = std::to_integer<uint8_t>(b[1]),
      .major = std::to_integer<uint8_t>(b[2]),
      .len_dw = std::to_integer<uint8_t>(b[3]),
      .pointer = core::load_le32(b, 4) & 0x00FFFFFFu};
}

core::Status parse_basic_table(std::span<const std::byte> t, uint8_t len_dw, ChipInfo& info) {
  if (len_dw < kMinBasicDwords) {
    return fail(corrupt("SFDP basic table shorter than JESD216's 9 DWORDs", kMinBasicDwords, len_dw));
  }
  const uint8_t have = len_dw < kMaxBasicDwords ? len_dw : kMaxBasicDwords;
  if (t.size() < have * 4u) {
    return fail(Error{.code = Errc::kInvalidArgument, .what = "SFDP basic table bytes"}.values(have * 4u, t.size()));
  }
  const uint32_t dw1 = dword(t, 1);
  info.source = ParamSource::kSfdp;
  info.size = NB_TRY(decode_density(dword(t, 2)));
  info.address_bytes = NB_TRY(decode_address_bytes(dw1));
  NB_TRY(decode_erase_types(t, info));
  sort_erase_types(info);  // DW11 checks the page against the smallest; times keep sfdp_type
  for (size_t i = 0; i < info.erase_count; ++i) info.erase[i] = default_erase_times(info.erase[i]);
  if (have >= 10) decode_erase_times(dword(t, 10), info);
  info.page_size = 256;
  info.page_program_typ_ns = kDefaultPageTypNs;
  info.page_program_max_ns = kDefaultPageMaxNs;
  info.byte_program_first_ns = 0;
  info.chip_erase_typ_ns = 0;
  if (have >= 11) NB_TRY(decode_program_times(dword(t, 11), info));
  if (info.chip_erase_typ_ns == 0) {  // no DW11: the whole device in its largest erase units
    const EraseType& largest = info.erase[info.erase_count - 1];
    info.chip_erase_typ_ns = uint64_t{info.size / largest.size} * largest.typ_ns;
    info.chip_erase_max_ns = uint64_t{info.size / largest.size} * largest.max_ns;
  }
  if (have >= 14) decode_deep_power_down(dword(t, 14), info);
  if (have >= 16) decode_reset_and_4byte(dword(t, 16), info);
  return core::ok();
}

core::Status parse_4byte_table(std::span<const std::byte> t, uint8_t len_dw, ChipInfo& info) {
  if (len_dw < 2 || t.size() < 8) {
    return fail(corrupt("SFDP 4-byte instruction table shorter than 2 DWORDs", 2, len_dw));
  }
  const uint32_t dw1 = dword(t, 1);
  const uint32_t dw2 = dword(t, 2);
  // DW1 bit 1: FAST_READ4 0x0C; bit 6: PP4 0x12; bits 9..12: erase type 1..4 has a 4-byte opcode,
  // which DW2 gives (one byte per type, 0xFF = none).
  info.has_4b_read_program = (dw1 & (1u << 1)) != 0 && (dw1 & (1u << 6)) != 0;
  for (size_t i = 0; i < info.erase_count; ++i) {
    EraseType& e = info.erase[i];
    if (e.sfdp_type == 0) continue;
    const bool listed = (dw1 & (1u << (8 + e.sfdp_type))) != 0;
    const uint8_t opcode = static_cast<uint8_t>(bits(dw2, (e.sfdp_type - 1u) * 8, 8));
    e.opcode_4b = listed && opcode != 0xFF ? opcode : 0;
  }
  return core::ok();
}

}  // namespace norboot::spinor::sfdp
