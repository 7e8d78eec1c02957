#pragma once
// NvmcFlashHw: flash::McuFlashHw over the nRF52833 NVMC registers. 512 KiB of internal flash in
// 128 pages of 4 KiB, programmed one 32-bit word at a time: CONFIG=WEN, word stores (waiting for
// READYNEXT between words), READY, CONFIG=REN; a page erase is CONFIG=EEN, ERASEPAGE=address,
// READY, CONFIG=REN. The CPU stalls on flash fetches while the NVMC works (the boot binary runs
// from this flash), so every call returns when the controller is done.
#include "flash/mcu_flash_hw.hpp"

namespace norboot::nrf52 {

class NvmcFlashHw final : public flash::McuFlashHw {
 public:
  static constexpr uint32_t kPageSize = 4096;
  static constexpr uint32_t kPageCount = 128;

  const flash::Geometry& geometry() const override { return geometry_; }
  core::Status read(uint32_t off, std::span<std::byte> out) override;
  core::Status program(uint32_t off, std::span<const std::byte> in) override;
  core::Status erase_sector(uint32_t sector_off) override;

 private:
  static constexpr flash::Geometry geometry_ = flash::Geometry::uniform(kPageSize, kPageCount, 4);
};

}  // namespace norboot::nrf52
