#include "sim/spi_nor_presets.hpp"

namespace norboot::sim {
namespace {

using sfdp_image::BasicTable;
using sfdp_image::FourByteTable;

constexpr NorTime us(uint64_t typ, uint64_t max) { return {typ * 1'000, max * 1'000}; }
constexpr NorTime ms(uint64_t typ, uint64_t max) { return {typ * 1'000'000, max * 1'000'000}; }
constexpr NorTime s(uint64_t typ, uint64_t max) { return {typ * 1'000'000'000, max * 1'000'000'000}; }
constexpr sfdp_image::TimeRange range(NorTime t) { return {t.typ_ns, t.max_ns}; }

// MX25R6435F basic table, nRF52840-DK devicetree copy (reference §2.6), as DWORDs.
constexpr BasicTable kMx25r6435fBfp = {0xfff120e5, 0x03ffffff, 0x6b08eb44, 0xbb043b08, 0xffffffee, 0xff00ffff,
                                       0xff00ffff, 0x520f200c, 0xff00d810, 0x00f57223, 0xcc04ed82, 0x44688344,
                                       0xb030b030, 0x5cd5c4f7, 0xff29be00, 0xffffd0f0};

constexpr BasicTable with_density(BasicTable t, uint64_t bytes) {
  t[1] = sfdp_image::density_dw2(bytes);
  return t;
}

// A Winbond JESD216B table (DWORD layout of the W25Q512JV image in QEMU's m25p80_sfdp.c): fast
// reads 1-1-2/1-2-2/1-1-4/1-4-4, erase types 4K/20h, 32K/52h, 64K/D8h, suspend 75h/7Ah, DP B9h/ABh
// with a 3 µs exit, QER = 4 (QE in SR2 bit 1), soft reset 66h/99h. Density, address bytes and the
// DW10/DW11 times come from the part.
struct WinbondTimes {
  NorTime page, first_byte, more_byte, e4k, e32k, e64k, chip;
};
constexpr BasicTable winbond_bfp(uint64_t bytes, bool four_byte, const WinbondTimes& t) {
  return {four_byte ? 0xfff320e5u : 0xfff120e5u,
          sfdp_image::density_dw2(bytes),
          0x6b08eb44, 0xbb423b08, 0xfffffffe, 0x0000ffff, 0xeb40ffff, 0x520f200c, 0x0000d810,
          sfdp_image::erase_times_dw10({range(t.e4k), range(t.e32k), range(t.e64k), {}}),
          sfdp_image::program_times_dw11(256, range(t.page), t.first_byte.typ_ns, t.more_byte.typ_ns, range(t.chip)),
          0x337663e9, 0x757a757a, 0x5cd5a2f7, 0xff4df719,
          four_byte ? 0xa5f970e9u : 0xffff70e9u};
}
// 13h 0Ch 3Ch BCh 6Ch ECh 12h 34h, erase types 1 (21h) and 3 (DCh).
constexpr FourByteTable kWinbond4ByteTable{0xfff00aff, 0xffdcff21};

constexpr WinbondTimes kW25q128{us(400, 3000), us(30, 50), {2'500, 12'000}, ms(45, 400), ms(120, 1600), ms(150, 2000), s(40, 200)};
constexpr WinbondTimes kW25q256{us(400, 3000), us(30, 50), {2'500, 12'000}, ms(45, 400), ms(120, 1600), ms(150, 2000), s(80, 400)};

constexpr NorProtect kMacronixBp{.mask = 0x3C, .tb_bit = 0, .unit = 64 * 1024};
constexpr NorProtect kW25q128Bp{.mask = 0x1C, .tb_bit = 0x20, .unit = 256 * 1024};
constexpr NorProtect kW25q256Bp{.mask = 0x3C, .tb_bit = 0x40, .unit = 64 * 1024};

//  kind, part, vendor, RDID, RES, size, 4-byte, 5Ch, SFDP in 4B mode, CS# wakes, byte model, protect, SR2,
//  page, first byte, more bytes, 4K, 32K, 64K, chip, tW, tDP, DP exit, tRST, BFP, 0xFF84
constexpr std::array<NorChipSpec, 4> kChips{{
    {NorChipKind::kMx25r3235f, "MX25R3235F", NorVendor::kMacronix, {0xC2, 0x28, 0x16}, 0x15, 4u << 20, false, false, false, true, true, kMacronixBp, 0,
     us(896, 5376), us(32, 192), us(1, 6), ms(48, 384), ms(240, 1920), ms(480, 3840), s(52, 312), ms(10, 20), 10'000, 40'000, 30'000,
     with_density(kMx25r6435fBfp, 4u << 20), std::nullopt},
    {NorChipKind::kMx25r6435f, "MX25R6435F", NorVendor::kMacronix, {0xC2, 0x28, 0x17}, 0x17, 8u << 20, false, false, false, true, true, kMacronixBp, 0,
     us(896, 5376), us(32, 192), us(1, 6), ms(48, 384), ms(240, 1920), ms(480, 3840), s(52, 312), ms(10, 20), 10'000, 40'000, 30'000,
     kMx25r6435fBfp, std::nullopt},
    {NorChipKind::kW25q128jv, "W25Q128JV", NorVendor::kWinbond, {0xEF, 0x40, 0x18}, 0x17, 16u << 20, false, false, false, false, false, kW25q128Bp, 0x02,
     kW25q128.page, kW25q128.first_byte, kW25q128.more_byte, kW25q128.e4k, kW25q128.e32k, kW25q128.e64k, kW25q128.chip, ms(10, 15), 3'000, 3'000, 30'000,
     winbond_bfp(16u << 20, false, kW25q128), std::nullopt},
    {NorChipKind::kW25q256jv, "W25Q256JV", NorVendor::kWinbond, {0xEF, 0x40, 0x19}, 0x18, 32u << 20, true, false, true, false, false, kW25q256Bp, 0x02,
     kW25q256.page, kW25q256.first_byte, kW25q256.more_byte, kW25q256.e4k, kW25q256.e32k, kW25q256.e64k, kW25q256.chip, ms(10, 15), 3'000, 3'000, 30'000,
     winbond_bfp(32u << 20, true, kW25q256), kWinbond4ByteTable},
}};

constexpr bool in_kind_order() {
  for (size_t i = 0; i < kChips.size(); ++i) {
    if (kChips[i].kind != static_cast<NorChipKind>(i)) return false;
  }
  return true;
}
static_assert(in_kind_order(), "nor_chip_spec() indexes kChips by NorChipKind");
static_assert(kChips[0].bfp[1] == 0x01FFFFFF, "MX25R3235F density DW2 (32 Mbit)");

}  // namespace

const NorChipSpec& nor_chip_spec(NorChipKind kind) { return kChips[static_cast<size_t>(kind)]; }

std::span<const NorChipSpec> nor_chip_specs() { return kChips; }

}  // namespace norboot::sim
