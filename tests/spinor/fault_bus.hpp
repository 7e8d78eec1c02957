#pragma once
// FaultBus: a SpiBus decorator for fault tests on the chip models. It forwards every frame to the
// real controller, except what a fault says:
//   drop_write_enable: WREN frames never reach the chip (the part's WEL never sets);
//   stuck_wip_after_erases = n: once n erase commands have reached the chip, every RDSR answer has
//     WIP set — a part that never finishes (the chip itself finishes; nothing more is sent to it).
#include <algorithm>
#include <cstdint>

#include "spinor/spi_bus.hpp"

namespace norboot::testing {

class FaultBus final : public spinor::SpiBus {
 public:
  explicit FaultBus(spinor::SpiBus& inner) : inner_(inner) {}
  const spinor::BusRules& rules() const override { return inner_.rules(); }

  core::Status transfer(const spinor::SpiFrame& f) override {
    const uint8_t opcode = std::to_integer<uint8_t>(f.cmd[0]);
    if (drop_write_enable && opcode == 0x06) return core::ok();
    NB_TRY(inner_.transfer(f));
    if (is_erase(opcode)) ++erases;
    if (opcode == 0x05 && stuck_wip_after_erases >= 0 && erases >= stuck_wip_after_erases) {
      for (std::byte& b : f.rx) b |= std::byte{0x01};
    }
    return core::ok();
  }

  bool drop_write_enable = false;
  int stuck_wip_after_erases = -1;
  int erases = 0;

 private:
  static bool is_erase(uint8_t op) {
    constexpr uint8_t kErases[] = {0x20, 0x21, 0x52, 0x5C, 0xD8, 0xDC, 0x60, 0xC7};
    return std::find(std::begin(kErases), std::end(kErases), op) != std::end(kErases);
  }
  spinor::SpiBus& inner_;
};

}  // namespace norboot::testing
