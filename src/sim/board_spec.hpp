#pragma once
// Board presets as data: which internal flash, which external chip on which bus, and the default
// partition map. The simulator builds boards from this table; `layout check` and `inspect` read
// it for the chip geometry a devicetree overlay refers to. One table, one screen.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "boot/strategy.hpp"
#include "flash/geometry.hpp"

namespace norboot::sim {

enum class McuFlashKind : uint8_t { kNrf52833, kNrf52840, kStm32f4 };
enum class NorChipKind : uint8_t { kMx25r3235f, kMx25r6435f, kW25q128jv, kW25q256jv };
enum class BusKind : uint8_t { kSpim, kQspi };
enum class DeviceId : uint8_t { kInternal, kExternal };

struct AreaSpec {
  std::string_view name;
  DeviceId device;
  uint32_t off;
  uint32_t size;
};

struct BoardSpec {
  std::string_view name;
  std::string_view summary;
  McuFlashKind mcu;
  NorChipKind chip;
  BusKind bus;
  uint32_t bus_hz;
  boot::Strategy default_strategy;
  std::array<AreaSpec, 4> areas;  // boot, primary, secondary, scratch
};

inline constexpr std::array<BoardSpec, 3> kBoards{{
    {"nrf52833-mx25r3235f", "nRF52833 (512 KiB) + MX25R3235F (4 MiB) on SPIM at 8 MHz: the motivating board",
     McuFlashKind::kNrf52833, NorChipKind::kMx25r3235f, BusKind::kSpim, 8'000'000, boot::Strategy::kSwapPipeline,
     {{{"boot", DeviceId::kInternal, 0x0, 0xC000},
       {"primary", DeviceId::kInternal, 0xC000, 0x74000},
       {"secondary", DeviceId::kExternal, 0x0, 0x76000},
       {"scratch", DeviceId::kExternal, 0x76000, 0x1000}}}},
    {"nrf52840dk-mx25r6435f", "nRF52840 DK (1 MiB) + MX25R6435F (8 MiB) on QSPI at 32 MHz",
     McuFlashKind::kNrf52840, NorChipKind::kMx25r6435f, BusKind::kQspi, 32'000'000, boot::Strategy::kSwapPipeline,
     {{{"boot", DeviceId::kInternal, 0x0, 0xC000},
       {"primary", DeviceId::kInternal, 0xC000, 0xF4000},
       {"secondary", DeviceId::kExternal, 0x0, 0xF6000},
       {"scratch", DeviceId::kExternal, 0xF6000, 0x1000}}}},
    {"stm32f4-w25q128jv", "STM32F4 (1 MiB, 16/64/128 KiB sectors) + W25Q128JV (16 MiB) on SPI at 8 MHz",
     McuFlashKind::kStm32f4, NorChipKind::kW25q128jv, BusKind::kSpim, 8'000'000, boot::Strategy::kSwapPipeline,
     {{{"boot", DeviceId::kInternal, 0x0, 0x8000},
       {"primary", DeviceId::kInternal, 0x8000, 0xF8000},
       {"secondary", DeviceId::kExternal, 0x0, 0x138000},
       {"scratch", DeviceId::kExternal, 0x140000, 0x20000}}}},
}};

constexpr std::optional<BoardSpec> find_board(std::string_view name) {
  for (const BoardSpec& b : kBoards) {
    if (b.name == name) return b;
  }
  return std::nullopt;
}

/// Geometry of each internal flash (what the MCU models and drivers expose).
constexpr flash::Geometry mcu_geometry(McuFlashKind k) {
  switch (k) {
    case McuFlashKind::kNrf52833: return flash::Geometry::uniform(4096, 128, 4);
    case McuFlashKind::kNrf52840: return flash::Geometry::uniform(4096, 256, 4);
    case McuFlashKind::kStm32f4: {
      flash::Geometry g;
      g.size = 0x100000;
      g.write_block = 1;
      g.runs = {flash::SectorRun{0x4000, 4}, flash::SectorRun{0x10000, 1}, flash::SectorRun{0x20000, 7}};
      g.run_count = 3;
      g.erase_sizes = {0x4000, 0x10000, 0x20000};
      g.erase_type_count = 3;
      return g;
    }
  }
  return {};
}

/// Geometry the SPI NOR driver reports for each chip (4 KiB sectors; 4/32/64 KiB erase types).
constexpr flash::Geometry nor_geometry(NorChipKind k) {
  uint32_t size = 0;
  switch (k) {
    case NorChipKind::kMx25r3235f: size = 4u << 20; break;
    case NorChipKind::kMx25r6435f: size = 8u << 20; break;
    case NorChipKind::kW25q128jv: size = 16u << 20; break;
    case NorChipKind::kW25q256jv: size = 32u << 20; break;
  }
  flash::Geometry g = flash::Geometry::uniform(4096, size / 4096, 1, 0xFF, 256);
  g.erase_sizes = {4096, 32768, 65536};
  g.erase_type_count = 3;
  return g;
}

constexpr std::string_view chip_name(NorChipKind k) {
  switch (k) {
    case NorChipKind::kMx25r3235f: return "MX25R3235F";
    case NorChipKind::kMx25r6435f: return "MX25R6435F";
    case NorChipKind::kW25q128jv: return "W25Q128JV";
    case NorChipKind::kW25q256jv: return "W25Q256JV";
  }
  return "?";
}

}  // namespace norboot::sim
