#pragma once
// Board: one simulated product — the virtual clock, the power domain, the MCU's internal flash
// (model + the device-side McuFlash driver), the external SPI NOR chip behind its SPI controller
// (model) and the device-side SpiNor driver, and the partition map. Built from a preset of
// board_spec.hpp; everything the bootloader and the SMP agent touch goes through the drivers, so
// the simulator exercises exactly the code a product runs.
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "boot/bootloader.hpp"
#include "flash/mcu_flash.hpp"
#include "sim/board_spec.hpp"
#include "sim/mcu_flash_model.hpp"
#include "sim/power.hpp"
#include "sim/spi_nor_chip.hpp"
#include "sim/timeline.hpp"
#include "sim/virtual_clock.hpp"
#include "spinor/spi_nor.hpp"

namespace norboot::sim {

struct BoardOptions {
  TimingColumn mcu_timing = TimingColumn::kTypical;
  NorTiming nor_timing = NorTiming::kTypical;
  bool nrfx_dma_check = false;  // SPIM refuses non-RAM buffers (nrfx) instead of sending zeros
};

/// One named partition with owned storage for its name (Area keeps a const char*).
struct BoardArea {
  std::string name;
  DeviceId device = DeviceId::kInternal;
  uint32_t off = 0;
  uint32_t size = 0;
};

class Board {
 public:
  /// Builds the devices, attaches them to the power domain and probes the external chip.
  /// Errors: kUnsupported (a bus this build does not model yet), the probe's errors.
  static core::Result<std::unique_ptr<Board>> create(const BoardSpec& spec, const BoardOptions& opt = {});
  ~Board();
  Board(const Board&) = delete;
  Board& operator=(const Board&) = delete;

  const BoardSpec& spec() const { return spec_; }
  const BoardOptions& options() const { return opt_; }
  VirtualClock& clock() { return clock_; }
  PowerDomain& power() { return power_; }

  McuFlashModel& mcu_model() { return *mcu_; }
  SpiNorChip& chip() { return *chip_; }
  spinor::SpiBus& bus() { return *bus_; }
  flash::McuFlash& internal() { return *internal_; }
  spinor::SpiNor& external() { return *external_; }
  flash::Flash& device(DeviceId id);
  const char* device_name(DeviceId id) const { return id == DeviceId::kInternal ? "internal" : "external"; }

  /// The partition map (defaults to the preset's; the state directory may carry another).
  const std::vector<BoardArea>& layout() const { return layout_; }
  void set_layout(std::vector<BoardArea> areas) { layout_ = std::move(areas); }
  /// The named partition as a flash::Area (its name points into this board). kNotFound otherwise.
  core::Result<flash::Area> area(std::string_view name);
  /// Primary, secondary and (for swap-scratch) scratch for the boot core.
  core::Result<boot::BootAreas> boot_areas(boot::Strategy strategy);

  /// Power back on after a cut (or a fresh start): the domain comes alive, the chips reset their
  /// volatile state, and the SPI NOR driver probes again as a bootloader does at start.
  core::Status power_on();
  /// A warm MCU reset (watchdog, `reset` over SMP): the chips do not see it; the driver re-probes.
  core::Status mcu_reset();
  /// Zeroes every device counter (wear history aside).
  void reset_counters();
  /// What each device did when (off until timeline().enabled is set).
  Timeline& timeline() { return timeline_; }

 private:
  Board(const BoardSpec& spec, const BoardOptions& opt);

  BoardSpec spec_;
  BoardOptions opt_;
  VirtualClock clock_;
  PowerDomain power_{clock_};
  Timeline timeline_;
  std::unique_ptr<McuFlashModel> mcu_;
  std::unique_ptr<TracingMcuHw> mcu_trace_;
  std::unique_ptr<flash::McuFlash> internal_;
  std::unique_ptr<SpiNorChip> chip_;
  std::unique_ptr<spinor::SpiBus> controller_;
  std::unique_ptr<TracingBus> bus_;
  alignas(8) std::array<std::byte, 512> spi_work_{};
  std::unique_ptr<spinor::SpiNor> external_;
  std::vector<BoardArea> layout_;
};

}  // namespace norboot::sim
