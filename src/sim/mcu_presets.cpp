#include "sim/mcu_presets.hpp"

#include "core/clock.hpp"

namespace norboot::sim {
namespace {

using core::kNsPerMs;
using core::kNsPerUs;

// Figures and their sources: see the table in mcu_presets.hpp.
constexpr McuFlashSpec kNrf52833{
    .part = "nRF52833",
    .geometry = mcu_geometry(McuFlashKind::kNrf52833),
    .max_writes_per_unit = 2,
    .typical = {.program_unit_ns = 41 * kNsPerUs, .erase_ns = {87 * kNsPerMs}},
    .max = {.program_unit_ns = 41 * kNsPerUs, .erase_ns = {89'700 * kNsPerUs}},
};

constexpr McuFlashSpec kNrf52840{
    .part = "nRF52840",
    .geometry = mcu_geometry(McuFlashKind::kNrf52840),
    .max_writes_per_unit = 2,
    .typical = {.program_unit_ns = 41 * kNsPerUs, .erase_ns = {85 * kNsPerMs}},
    .max = {.program_unit_ns = 41 * kNsPerUs, .erase_ns = {89'700 * kNsPerUs}},
};

constexpr McuFlashSpec kStm32f4{
    .part = "STM32F4",
    .geometry = mcu_geometry(McuFlashKind::kStm32f4),
    .max_writes_per_unit = 0,
    .typical = {.program_unit_ns = 16 * kNsPerUs, .erase_ns = {400 * kNsPerMs, 1200 * kNsPerMs, 2000 * kNsPerMs}},
    .max = {.program_unit_ns = 100 * kNsPerUs, .erase_ns = {800 * kNsPerMs, 2400 * kNsPerMs, 4000 * kNsPerMs}},
};

}  // namespace

const McuFlashSpec& mcu_flash_spec(McuFlashKind kind) {
  switch (kind) {
    case McuFlashKind::kNrf52833: return kNrf52833;
    case McuFlashKind::kNrf52840: return kNrf52840;
    case McuFlashKind::kStm32f4: return kStm32f4;
  }
  return kNrf52833;
}

}  // namespace norboot::sim
