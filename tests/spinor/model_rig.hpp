#pragma once
// ModelRig: the driver on the simulator's hardware — a SpiNorChip preset behind an SPI controller
// model (nRF52 SPIM or nRF52840 QSPI), one virtual clock and power domain — plus the driver's
// caller-owned work buffer. Tests reach the chip's cells and registers directly through `chip`.
#include <array>
#include <memory>
#include <span>

#include "fault_bus.hpp"
#include "sim/power.hpp"
#include "sim/qspi_controller.hpp"
#include "sim/spi_nor_chip.hpp"
#include "sim/spi_nor_presets.hpp"
#include "sim/spim_controller.hpp"
#include "sim/virtual_clock.hpp"
#include "spinor/spi_nor.hpp"

namespace norboot::testing {

enum class Controller : uint8_t { kSpim, kQspi };

struct ModelRigOptions {
  Controller controller = Controller::kSpim;
  spinor::SpiNorConfig driver{};
  sim::SpiNorChipConfig chip{};
  sim::SpimConfig spim{};
  sim::QspiConfig qspi{};
};

std::unique_ptr<spinor::SpiBus> make_controller(Controller c, sim::SpiNorChip& chip, sim::PowerDomain& power,
                                                const ModelRigOptions& opt);

struct ModelRig {
  explicit ModelRig(sim::NorChipKind kind, const ModelRigOptions& opt = {})
      : chip(sim::nor_chip_spec(kind), power, opt.chip),
        controller(make_controller(opt.controller, chip, power, opt)),
        faults(*controller),
        nor(faults, clock, work, opt.driver) {}

  std::span<std::byte> cells() { return chip.bytes(); }

  sim::VirtualClock clock;
  sim::PowerDomain power{clock};
  sim::SpiNorChip chip;
  std::unique_ptr<spinor::SpiBus> controller;
  FaultBus faults;
  alignas(8) std::array<std::byte, 260> work{};
  spinor::SpiNor nor;
};

}  // namespace norboot::testing
