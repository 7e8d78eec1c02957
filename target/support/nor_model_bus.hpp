#pragma once
// NorModelBus: an SpiBus with a small SPI NOR chip behind it — an MX25R6435F (JEDEC C2 28 17,
// 8 MiB, 256-byte pages, 4/32/64 KiB and chip erase) without an SFDP table, so the driver falls
// back to its known-ID table. Instantaneous (WIP never set), heap-free, for the driver tests on the
// target; the host's timed chip models live in src/sim.
//
// Modelled: RDSR, WREN/WRDI (WEL, cleared by every program/erase/WRSR), WRSR (BP bits), RDID,
// RDSFDP (all 0xFF), READ/FAST_READ, PP (ANDs into the array, wraps inside the page), SE/BE32/
// BE64/CE, RSTEN+RST, DP/RDP (in deep power-down every opcode but RDP is ignored). Programs and
// erases without WEL are ignored, as a chip does. Counts frames per opcode.
#include <array>
#include <cstdint>
#include <span>

#include "spinor/spi_bus.hpp"

namespace norboot::target {

class NorModelBus final : public spinor::SpiBus {
 public:
  static constexpr uint32_t kSize = 8u << 20;
  static constexpr uint32_t kPage = 256;

  /// `array` must be kSize bytes; it is erased here.
  NorModelBus(std::span<std::byte> array, const spinor::BusRules& rules = {});

  const spinor::BusRules& rules() const override { return rules_; }
  core::Status transfer(const spinor::SpiFrame& frame) override;

  std::span<std::byte> array() { return mem_; }
  uint32_t frames(uint8_t opcode) const { return count_[opcode]; }
  uint8_t status() const { return status_; }
  bool deep_power_down() const { return dp_; }

 private:
  void program(uint32_t addr, std::span<const std::byte> data);
  void erase(uint32_t addr, uint32_t size);
  void answer(const spinor::SpiFrame& f, uint8_t opcode);
  void modify(const spinor::SpiFrame& f, uint8_t opcode);

  std::span<std::byte> mem_;
  spinor::BusRules rules_;
  std::array<uint32_t, 256> count_{};
  uint8_t status_ = 0;
  bool reset_armed_ = false;
  bool dp_ = false;
};

}  // namespace norboot::target
