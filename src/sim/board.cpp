#include "sim/board.hpp"

#include "sim/qspi_controller.hpp"
#include "sim/spi_nor_presets.hpp"
#include "sim/spim_controller.hpp"

namespace norboot::sim {

using core::Errc;
using core::Error;
using core::fail;

Board::Board(const BoardSpec& spec, const BoardOptions& opt) : spec_(spec), opt_(opt) {
  for (const AreaSpec& a : spec.areas) {
    if (!a.name.empty()) layout_.push_back({std::string(a.name), a.device, a.off, a.size});
  }
}

Board::~Board() = default;

core::Result<std::unique_ptr<Board>> Board::create(const BoardSpec& spec, const BoardOptions& opt) {
  std::unique_ptr<Board> b(new Board(spec, opt));
  b->mcu_ = std::make_unique<McuFlashModel>(mcu_flash_spec(spec.mcu), b->power_, opt.mcu_timing, "internal");
  b->mcu_trace_ = std::make_unique<TracingMcuHw>(*b->mcu_, b->clock_, b->timeline_);
  b->internal_ = std::make_unique<flash::McuFlash>("internal", *b->mcu_trace_);
  SpiNorChipConfig chip_cfg;
  chip_cfg.timing = opt.nor_timing;
  b->chip_ = std::make_unique<SpiNorChip>(nor_chip_spec(spec.chip), b->power_, chip_cfg);
  if (spec.bus == BusKind::kQspi) {
    // nrfx_qspi always refuses buffers EasyDMA cannot reach, so nrfx_dma_check has no say here.
    QspiConfig qspi;
    qspi.clock_hz = spec.bus_hz;
    b->controller_ = std::make_unique<QspiController>(*b->chip_, b->power_, qspi);
  } else {
    SpimConfig spim;
    spim.clock_hz = spec.bus_hz;
    spim.spim3 = spec.bus_hz > 8'000'000;
    spim.dma_check = opt.nrfx_dma_check ? SpimDmaCheck::kNrfx : SpimDmaCheck::kBareRegisters;
    b->controller_ = std::make_unique<SpimController>(*b->chip_, b->power_, spim);
  }
  b->bus_ = std::make_unique<TracingBus>(*b->controller_, *b->chip_, b->clock_, b->timeline_);
  b->external_ = std::make_unique<spinor::SpiNor>(*b->bus_, b->clock_, b->spi_work_);
  NB_TRY(b->external_->probe());
  return b;
}

flash::Flash& Board::device(DeviceId id) {
  if (id == DeviceId::kInternal) return *internal_;
  return *external_;
}

core::Result<flash::Area> Board::area(std::string_view name) {
  for (const BoardArea& a : layout_) {
    if (a.name == name) return flash::Area{&device(a.device), a.off, a.size, a.name.c_str()};
  }
  return fail(Error{.code = Errc::kNotFound, .what = "no such area in the board's layout"});
}

core::Result<boot::BootAreas> Board::boot_areas(boot::Strategy strategy) {
  boot::BootAreas areas;
  areas.primary = NB_TRY(area("primary"));
  areas.secondary = NB_TRY(area("secondary"));
  if (strategy == boot::Strategy::kSwapScratch) areas.scratch = NB_TRY(area("scratch"));
  return areas;
}

core::Status Board::power_on() {
  if (!power_.alive()) power_.reboot();
  return external_->probe();
}

core::Status Board::mcu_reset() {
  chip_->mcu_reset();
  return external_->probe();
}

void Board::reset_counters() {
  mcu_->counters().reset();
  chip_->counters().reset();
  chip_->reset_stats();
  external_->reset_stats();
}

}  // namespace norboot::sim
