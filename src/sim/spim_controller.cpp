#include "sim/spim_controller.hpp"

#include <stdexcept>
#include <vector>

#include "sim/host_memory.hpp"

namespace norboot::sim {
namespace {

bool valid_clock(uint32_t hz, bool spim3) {
  for (uint32_t f = 125'000; f <= 8'000'000; f *= 2) {
    if (hz == f) return true;
  }
  return spim3 && (hz == 16'000'000 || hz == 32'000'000);
}

// What EasyDMA reads from a transmit buffer it cannot reach, and where it "writes" a receive
// buffer it cannot reach: zeros out, answers dropped. Segments are at most kMaxCount bytes.
std::span<const std::byte> zeros(size_t n) {
  static const std::vector<std::byte> kZeros(SpimController::kMaxCount, std::byte{0});
  return std::span(kZeros).first(n);
}
std::span<std::byte> sink(size_t n) {
  static std::vector<std::byte> bin(SpimController::kMaxCount);
  return std::span(bin).first(n);
}

}  // namespace

SpimController::SpimController(SpiNorChip& chip, PowerDomain& power, const SpimConfig& cfg)
    : chip_(chip), power_(power), cfg_(cfg) {
  if (!valid_clock(cfg.clock_hz, cfg.spim3)) {
    throw std::invalid_argument("SPIM clock must be 125 kHz..8 MHz in powers of two (SPIM3: also 16/32 MHz)");
  }
  rules_ = spinor::BusRules{.max_segment = kMaxCount,
                            .data_align = 1,
                            .max_short_frame = 0,
                            .buffer_align = 1,
                            .dma_ram_only = true,
                            .clock_hz = cfg.clock_hz};
}

SpimConfig SpimController::spim3_config(SpimDmaCheck check) {
  return SpimConfig{.name = "spim3", .clock_hz = 32'000'000, .spim3 = true, .dma_check = check};
}

uint64_t SpimController::frame_ns(size_t bytes) const {
  return uint64_t{bytes} * 8 * 1'000'000'000 / cfg_.clock_hz + cfg_.frame_overhead_ns;
}

core::Status SpimController::refuse(const core::Error& e) {
  ++stats_.refused;
  return core::fail(e);
}

core::Status SpimController::transfer(const spinor::SpiFrame& f) {
  NB_TRY(power_.check(chip_.name()));
  const core::Error bad{.code = core::Errc::kInvalidArgument, .device = cfg_.name};
  const std::array<size_t, 3> sizes = {f.cmd.size(), f.tx.size(), f.rx.size()};
  for (size_t n : sizes) {
    if (n > kMaxCount) {
      core::Error e = bad;
      e.what = "SPIM segment longer than EasyDMA MAXCNT";
      return refuse(e.values(kMaxCount, n));
    }
  }
  const bool cmd_flash = in_mcu_flash(f.cmd.data(), f.cmd.size());
  const bool tx_flash = in_mcu_flash(f.tx.data(), f.tx.size());
  const bool rx_flash = in_mcu_flash(f.rx.data(), f.rx.size());
  if (cfg_.dma_check == SpimDmaCheck::kNrfx && (cmd_flash || tx_flash || rx_flash)) {
    core::Error e = bad;
    e.what = cmd_flash ? "SPIM cmd buffer is in MCU flash; EasyDMA reads RAM only (NRFX_ERROR_INVALID_ADDR)"
             : tx_flash ? "SPIM tx buffer is in MCU flash; EasyDMA reads RAM only (NRFX_ERROR_INVALID_ADDR)"
                        : "SPIM rx buffer is in MCU flash; EasyDMA writes RAM only (NRFX_ERROR_INVALID_ADDR)";
    const void* p = cmd_flash ? static_cast<const void*>(f.cmd.data())
                    : tx_flash ? static_cast<const void*>(f.tx.data())
                               : static_cast<const void*>(f.rx.data());
    return refuse(e.values(kRamBase, reinterpret_cast<uintptr_t>(p)));
  }
  const size_t total = f.cmd.size() + f.tx.size() + f.rx.size();
  const uint64_t ns = frame_ns(total);
  power_.clock().advance(ns);
  NB_TRY(power_.check(chip_.name()));  // the power failed while CS# was low: the frame never ended
  ++stats_.frames;
  stats_.bytes += total;
  stats_.zeroed_segments += (cmd_flash ? 1 : 0) + (tx_flash ? 1 : 0);
  stats_.dropped_rx += rx_flash ? 1 : 0;
  return chip_.frame(cmd_flash ? zeros(f.cmd.size()) : f.cmd, tx_flash ? zeros(f.tx.size()) : f.tx,
                     rx_flash ? sink(f.rx.size()) : f.rx, ns);
}

}  // namespace norboot::sim
