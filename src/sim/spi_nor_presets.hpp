#pragma once
// What each simulated SPI NOR part is, as data: identity, size, command-set options, block
// protection layout, busy times (typical and maximum) and its SFDP tables. One chip model
// (sim/spi_nor_chip.hpp) runs every part; the board table (sim/board_spec.hpp) names them.
//
// | part       | RDID     | size   | addr   | page typ/max  | 4K / 32K / 64K erase typ/max (ms)  | chip typ/max | tW       | DP exit |
// |------------|----------|--------|--------|---------------|------------------------------------|--------------|----------|---------|
// | MX25R3235F | C2 28 16 | 4 MiB  | 3      | 896 / 5376 µs | 48/384, 240/1920, 480/3840         | 52 / 312 s   | 10/20 ms | 40 µs   |
// | MX25R6435F | C2 28 17 | 8 MiB  | 3      | 896 / 5376 µs | 48/384, 240/1920, 480/3840         | 52 / 312 s   | 10/20 ms | 40 µs   |
// | W25Q128JV  | EF 40 18 | 16 MiB | 3      | 400 / 3000 µs | 45/400, 120/1600, 150/2000         | 40 / 200 s   | 10/15 ms | 3 µs    |
// | W25Q256JV  | EF 40 19 | 32 MiB | 3 or 4 | 400 / 3000 µs | 45/400, 120/1600, 150/2000         | 80 / 400 s   | 10/15 ms | 3 µs    |
//
// Sources (shared/reference/spi-nor.md tags):
// - MX25R: every busy time is the one the chip's own SFDP table states ([sfdp] §1.8, maximum =
//   typical × the SFDP multiplier), including byte-program timing (first byte 32 µs, each further
//   byte 1 µs, page 896 µs). The BFP is the real MX25R6435F table (§2.6); the 32 Mbit part uses the
//   same bytes with DW2 = 32 Mbit [ds?], so it also claims a 52 s chip erase. tW (write status)
//   10/20 ms, tDP 10 µs [src: Zephyr DTS], tRST 30 µs, RES ID 0x15/0x17 are [ds?].
// - Winbond: page, erase, chip, tW, tDP/tRES1 3 µs, tRST 30 µs, first/next byte 30/2.5 µs, RES ID
//   0x17/0x18, factory QE = 1 and the W25Q256JV chip-erase time are [ds?] datasheet figures. The
//   BFP is built from them over the DWORD layout of a real Winbond JESD216B table (W25Q512JV as
//   published in QEMU's m25p80_sfdp.c [src]); so is the 0xFF84 table, which lists 4-byte opcodes
//   for the 4 KiB (21h) and 64 KiB (DCh) erases only — so the W25Q256JV model has no 5Ch.
#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "sim/board_spec.hpp"
#include "sim/sfdp_image.hpp"

namespace norboot::sim {

enum class NorVendor : uint8_t { kMacronix, kWinbond };

struct NorTime {
  uint64_t typ_ns = 0;
  uint64_t max_ns = 0;
};

/// The status register's block-protect field: `mask` selects the BP bits in SR1; a non-zero value
/// v protects unit << (v − 1) bytes (capped at the whole array) at the top of the array, or at the
/// bottom when the `tb_bit` (Winbond TB) is set.
struct NorProtect {
  uint8_t mask = 0;
  uint8_t tb_bit = 0;   // 0: the part has no TB bit in SR1
  uint32_t unit = 0;
};

struct NorChipSpec {
  NorChipKind kind;
  const char* part;
  NorVendor vendor;
  std::array<uint8_t, 3> jedec_id;
  uint8_t res_id;                  // answered by RES (ABh + 3 dummy bytes)
  uint32_t size;
  bool four_byte;                  // EN4B/EX4B and dedicated 4-byte opcodes (13 0C 3C BC 6C EC 12 34 21 DC)
  bool four_byte_erase32k;         // 5Ch as well
  bool sfdp_follows_address_mode;  // RDSFDP takes 4 address bytes in 4-byte mode (issue #82818's hazard)
  bool wake_on_any_cs;             // MX25R: any CS# pulse ends deep power-down
  bool byte_program_model;         // program time = first byte + each further byte (SFDP style)
  NorProtect protect;
  uint8_t factory_sr2;             // Winbond SR2 as shipped (QE bit 1); unused on Macronix
  NorTime page_program, first_byte, more_byte;
  NorTime erase_4k, erase_32k, erase_64k, chip_erase, write_status;
  uint64_t dp_enter_ns, dp_exit_ns, reset_ns;
  sfdp_image::BasicTable bfp;
  std::optional<sfdp_image::FourByteTable> four_byte_table;
};

/// The preset for a board's chip; size and erase types agree with board_spec.hpp's nor_geometry().
const NorChipSpec& nor_chip_spec(NorChipKind kind);
/// Every preset, in NorChipKind order.
std::span<const NorChipSpec> nor_chip_specs();

}  // namespace norboot::sim
