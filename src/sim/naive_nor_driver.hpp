#pragma once
// NaiveNorDriver — a reproduction for tests and the demo, never product code. It reproduces what the stock driver on the
// motivating board did, so the seed failures can be shown on the simulated controllers:
//   - the caller's buffer goes to the bus as the transmit segment, as it is (Zephyr's spi_nor hands
//     the caller's pointer to the SPI driver): a `static const` source in MCU flash reaches the
//     SPIM's EasyDMA, which cannot read flash — the chip is programmed with zeros;
//   - on a controller that demands 4-byte multiples (nRF QSPI) a write shorter than 4 bytes is
//     dropped and longer ones are rounded down, and the call still returns success.
// Everything else is plain: WREN before each page program/4 KiB erase, busy-wait on RDSR.
#include <cstdint>
#include <span>

#include "core/clock.hpp"
#include "flash/flash.hpp"
#include "spinor/spi_bus.hpp"

namespace norboot::sim {

class NaiveNorDriver final : public flash::Flash {
 public:
  NaiveNorDriver(spinor::SpiBus& bus, core::Clock& clock, const flash::Geometry& g)
      : Flash("external", g), bus_(bus), clock_(clock) {}

 private:
  core::Status do_read(uint32_t off, std::span<std::byte> out) override;
  core::Status do_write(uint32_t off, std::span<const std::byte> in) override;
  core::Status do_erase(uint32_t off, uint32_t len) override;
  core::Status command(uint8_t opcode, uint32_t addr, bool with_addr, std::span<const std::byte> tx,
                       std::span<std::byte> rx);
  core::Status wait_ready();

  spinor::SpiBus& bus_;
  core::Clock& clock_;
  alignas(4) std::byte cmd_[8]{};
  alignas(4) std::byte status_[4]{};
};

}  // namespace norboot::sim
