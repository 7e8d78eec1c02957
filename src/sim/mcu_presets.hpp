#pragma once
// What an MCU's internal flash is, as data: geometry (write_block = program unit), the write-count
// limit between erases, and two timing columns from the datasheet (typical, maximum) so benchmarks
// can run both. One model class (sim/mcu_flash_model.hpp) runs every part; the presets below are
// the parts the board table (sim/board_spec.hpp) names.
//
// | part     | size    | sectors                      | unit   | limit    | program typ/max | erase typ/max                  |
// |----------|---------|------------------------------|--------|----------|-----------------|--------------------------------|
// | nRF52833 | 512 KiB | 128 × 4 KiB                  | word 4 | nWRITE 2 | 41 / 41 µs      | 87 / 89.7 ms                   |
// | nRF52840 | 1 MiB   | 256 × 4 KiB                  | word 4 | nWRITE 2 | 41 / 41 µs      | 85 / 89.7 ms                   |
// | STM32F4  | 1 MiB   | 4×16 KiB, 1×64 KiB, 7×128 KiB| byte 1 | none     | 16 / 100 µs     | 0.4/0.8, 1.2/2.4, 2/4 s        |
//
// Sources and confidence (shared/reference/nrf52833.md tags):
// - nRF52: 41 µs per word [src S10 for 52840; ps? for 52833]; page erase 85 ms (52840) / 87 ms
//   (52833) from nrfx NVMC_PAGE_ERASE_DURATION_MS [src S3]; the PS gives these as one figure, so the
//   "max" column uses Zephyr's 89.7 ms worst-case page-erase budget [src S11] and repeats 41 µs for
//   the word (no separate maximum known) [ps?]. nWRITE = 2 per word [ps?].
// - STM32F4 (STM32F405/407 datasheet "Flash memory programming", x8 parallelism — byte
//   programming): program 16 µs typ / 100 µs max; sector erase 16 KiB 400/800 ms, 64 KiB
//   1200/2400 ms, 128 KiB 2/4 s. Confirmed by sources quoting the datasheet: Zephyr flash_stm32.c
//   "maximum erase time of 4s for a 128K sector"; 16 KiB 800 ms max and 64 KiB 2400 ms max (an
//   STM32F411 bootloader comment); the typical erase figures and 100 µs program maximum are
//   recalled from the datasheet table [ds?]. RM0090 §3.5.4: bits only go 1→0, successive writes
//   without erase are allowed, so there is no write-count limit.
#include <array>
#include <cstdint>

#include "flash/geometry.hpp"
#include "sim/board_spec.hpp"

namespace norboot::sim {

enum class TimingColumn : uint8_t { kTypical, kMax };

struct McuFlashTiming {
  uint64_t program_unit_ns = 0;                            // one program unit (word / byte)
  std::array<uint64_t, flash::kMaxSectorRuns> erase_ns{};  // one sector of each geometry run
};

struct McuFlashSpec {
  const char* part = "";
  flash::Geometry geometry;
  uint8_t max_writes_per_unit = 0;  // writes to one program unit between erases; 0 = no limit
  McuFlashTiming typical;
  McuFlashTiming max;

  constexpr const McuFlashTiming& timing(TimingColumn c) const { return c == TimingColumn::kMax ? max : typical; }
};

/// The preset for a board's MCU; geometry equals board_spec.hpp's mcu_geometry(kind).
const McuFlashSpec& mcu_flash_spec(McuFlashKind kind);

}  // namespace norboot::sim
