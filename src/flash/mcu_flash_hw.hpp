#pragma once
// McuFlashHw: what an MCU's internal flash controller offers, and nothing more. On a chip this is a
// thin register layer (nRF52 NVMC: CONFIG.WEN + word stores with READYNEXT, ERASEPAGE; STM32F4:
// FLASH_CR PG/SER + STRT); on the host it is a device model in sim/ (sim/mcu_flash_model.hpp).
// flash::McuFlash turns it into a Flash.
//
// Contract
// - geometry().write_block is the program unit (nRF52 NVMC: one 32-bit word = 4; STM32F4 at x8
//   parallelism: 1). Sectors are the erase units, given as a run-length list.
// - read(off, out): memory-mapped load; takes no controller time.
// - program(off, in): one burst — in.size() / unit units written back to back from `off`, returning
//   when the last one is done. The controller does not check what is already there: bits only go
//   1→0, so the result is old AND new.
// - erase_sector(off): erases the one sector that starts at `off`; it then reads erased_value.
//
// Errors (every one names the device and the offset): kOutOfRange (past the end), kMisaligned
// (program offset/length not a multiple of the unit — the real nRF52 HardFaults, the STM32F4 sets
// PGAERR/PGPERR —; erase offset not a sector start), kWriteLimit (a unit written more often between
// erases than the part allows: nRF52 nWRITE), kIo (a controller error flag), kPowerLost (simulator:
// the power is off).
#include <cstdint>
#include <span>

#include "core/result.hpp"
#include "flash/geometry.hpp"

namespace norboot::flash {

class McuFlashHw {
 public:
  virtual ~McuFlashHw() = default;

  virtual const Geometry& geometry() const = 0;
  virtual core::Status read(uint32_t off, std::span<std::byte> out) = 0;
  virtual core::Status program(uint32_t off, std::span<const std::byte> in) = 0;
  virtual core::Status erase_sector(uint32_t sector_off) = 0;
};

}  // namespace norboot::flash
