#pragma once
// Timeline: what each device was doing when, on the board's virtual clock — the picture behind
// `norboot bench swap --timeline`. Two decorators feed it without touching the models:
//   TracingMcuHw   wraps the MCU flash controller; its operations block the CPU, so an interval is
//                  exactly [before, after] the call.
//   TracingBus     wraps the SPI controller; each frame is a "bus" interval, and a frame after which
//                  the chip reports a new busy deadline starts a "chip" interval ending at it.
#include <cstdint>
#include <string>
#include <vector>

#include "flash/mcu_flash_hw.hpp"
#include "sim/spi_nor_chip.hpp"
#include "sim/virtual_clock.hpp"
#include "spinor/spi_bus.hpp"

namespace norboot::sim {

struct Interval {
  std::string lane;   // "internal", "spi bus", "external chip"
  std::string what;   // "erase", "program", "read", "frame"
  uint64_t start_ns = 0;
  uint64_t end_ns = 0;
};

class Timeline {
 public:
  void add(Interval i);
  const std::vector<Interval>& intervals() const { return intervals_; }
  void clear() { intervals_.clear(); }
  bool enabled = false;

 private:
  std::vector<Interval> intervals_;
};

class TracingMcuHw final : public flash::McuFlashHw {
 public:
  TracingMcuHw(flash::McuFlashHw& inner, VirtualClock& clock, Timeline& tl) : inner_(inner), clock_(clock), tl_(tl) {}
  const flash::Geometry& geometry() const override { return inner_.geometry(); }
  core::Status read(uint32_t off, std::span<std::byte> out) override { return inner_.read(off, out); }
  core::Status program(uint32_t off, std::span<const std::byte> in) override;
  core::Status erase_sector(uint32_t sector_off) override;

 private:
  flash::McuFlashHw& inner_;
  VirtualClock& clock_;
  Timeline& tl_;
};

class TracingBus final : public spinor::SpiBus {
 public:
  TracingBus(spinor::SpiBus& inner, SpiNorChip& chip, VirtualClock& clock, Timeline& tl)
      : inner_(inner), chip_(chip), clock_(clock), tl_(tl) {}
  const spinor::BusRules& rules() const override { return inner_.rules(); }
  core::Status transfer(const spinor::SpiFrame& frame) override;

 private:
  spinor::SpiBus& inner_;
  SpiNorChip& chip_;
  VirtualClock& clock_;
  Timeline& tl_;
  uint64_t last_deadline_ = 0;
};

/// The timeline as an SVG picture: one lane per device, time left to right, labelled axis.
std::string render_svg(const Timeline& tl, const std::string& title);

}  // namespace norboot::sim
