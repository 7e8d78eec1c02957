#pragma once
// SpimController: the nRF52 SPIM peripheral with EasyDMA, driving one SpiNorChip — a
// spinor::SpiBus for the driver under test.
//
// Rules (reference/nrf52833.md §3)
// - Each of the cmd, tx and rx segments is one EasyDMA transfer of at most MAXCNT = 65535 bytes;
//   a longer one is refused before anything is clocked (kInvalidArgument, expected 65535, found
//   the length), as the nrfx/Zephyr shims refuse or chunk it.
// - EasyDMA reaches Data RAM only. A segment in MCU flash (on the host: the executable's
//   read-only segments, sim/host_memory.hpp) is handled per SpimDmaCheck:
//     kBareRegisters (default): the transfer runs and a transmit segment goes out as zeros —
//       what bare-register code saw on the board (the seed bug); a receive segment gets nothing.
//     kNrfx: refused before anything is clocked, as nrfx_spim_xfer() returns
//       NRFX_ERROR_INVALID_ADDR: kInvalidArgument naming the segment, expected the nRF52 RAM base
//       0x20000000, found the host pointer.
// - Time: the CPU waits for a blocking transfer, so the VirtualClock advances by the frame's
//   bits / clock_hz (+ frame_overhead_ns) before the chip sees CS# rise. If the power fails during
//   that time the frame never completes: nothing reaches the chip and the result is kPowerLost.
// - Clock: 125 kHz … 8 MHz in powers of two on SPIM0–2; SPIM3 also 16 and 32 MHz. Other rates
//   throw std::invalid_argument at construction.
//
// BusRules: max_segment 65535, data_align 1, buffer_align 1, no short-frame limit, RAM-only
// buffers, clock_hz as configured.
#include <array>
#include <cstdint>

#include "sim/power.hpp"
#include "sim/spi_nor_chip.hpp"
#include "spinor/spi_bus.hpp"

namespace norboot::sim {

enum class SpimDmaCheck : uint8_t { kBareRegisters, kNrfx };

struct SpimConfig {
  const char* name = "spim";       // controller name in errors (a static string)
  uint32_t clock_hz = 8'000'000;
  bool spim3 = false;              // SPIM3: allows 16 and 32 MHz
  SpimDmaCheck dma_check = SpimDmaCheck::kBareRegisters;
  uint64_t frame_overhead_ns = 0;  // CPU time per transfer beyond the clocks (setup, CS#); 0 = none
};

struct SpimStats {
  uint64_t frames = 0;           // frames clocked to the chip
  uint64_t refused = 0;          // frames refused before anything was clocked
  uint64_t zeroed_segments = 0;  // transmit segments sent as zeros (not in RAM, bare registers)
  uint64_t dropped_rx = 0;       // receive segments not written (not in RAM, bare registers)
  uint64_t bytes = 0;            // bytes clocked (cmd + tx + rx)
};

class SpimController final : public spinor::SpiBus {
 public:
  static constexpr uint32_t kMaxCount = 0xFFFF;  // 16-bit MAXCNT on nRF52833/52840
  static constexpr uint32_t kRamBase = 0x20000000;

  /// `chip` and `power` must outlive the controller.
  SpimController(SpiNorChip& chip, PowerDomain& power, const SpimConfig& cfg = {});
  /// SPIM3 at 32 MHz.
  static SpimConfig spim3_config(SpimDmaCheck check = SpimDmaCheck::kBareRegisters);

  const spinor::BusRules& rules() const override { return rules_; }
  /// Errors: kInvalidArgument (segment over 65535 bytes; a buffer not in RAM in kNrfx mode),
  /// kPowerLost.
  core::Status transfer(const spinor::SpiFrame& frame) override;

  /// Virtual time the frame would keep CS# low.
  uint64_t frame_ns(size_t bytes) const;
  const SpimConfig& config() const { return cfg_; }
  const SpimStats& stats() const { return stats_; }

 private:
  core::Status refuse(const core::Error& e);

  SpiNorChip& chip_;
  PowerDomain& power_;
  SpimConfig cfg_;
  spinor::BusRules rules_;
  SpimStats stats_;
};

}  // namespace norboot::sim
