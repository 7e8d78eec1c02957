#pragma once
// SpimBus: spinor::SpiBus over the nRF52833 SPIM3 registers (EasyDMA). One frame = CS# low, up to
// three DMA runs (cmd, tx, rx; each TXD.PTR/MAXCNT + RXD.PTR/MAXCNT, TASKS_START, wait EVENTS_END),
// CS# high. EasyDMA reads RAM only and MAXCNT is 16 bits: the rules say so and the driver bounces
// transmit data through its RAM work buffer; a buffer outside RAM is refused here (kInvalidArgument)
// rather than sent as garbage.
#include "spinor/spi_bus.hpp"

namespace norboot::nrf52 {

struct SpimPins {
  uint8_t sck, mosi, miso, csn;  // P0 pin numbers
};

class SpimBus final : public spinor::SpiBus {
 public:
  explicit SpimBus(const SpimPins& pins);

  const spinor::BusRules& rules() const override { return rules_; }
  core::Status transfer(const spinor::SpiFrame& frame) override;

 private:
  static constexpr spinor::BusRules rules_{.max_segment = 0xFFFF, .dma_ram_only = true, .clock_hz = 8'000'000};
  uint32_t csn_mask_;
};

}  // namespace norboot::nrf52
