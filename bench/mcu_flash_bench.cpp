// Host speed of the internal-flash models (through the McuFlash driver) and of TimedRamFlash:
// simulated bytes programmed / read per second of host time (bytes_per_second), plus the virtual
// time the simulated part would have taken (virt_us_per_KiB), for the typical and maximum columns.
// Goal: ≥ 100 MB/s host throughput, so power-cut campaigns stay fast.
#include <benchmark/benchmark.h>

#include <vector>

#include "flash/mcu_flash.hpp"
#include "sim/mcu_flash_model.hpp"
#include "sim/timed_ram_flash.hpp"

namespace norboot::sim {
namespace {

struct McuBoard {
  McuBoard(McuFlashKind kind, TimingColumn column) : model(mcu_flash_spec(kind), power, column), dev("internal", model) {}
  VirtualClock clock;
  PowerDomain power{clock};
  McuFlashModel model;
  flash::McuFlash dev;
};

// Erase a sector, then program it whole in one burst, walking the device; counts programmed bytes.
void program_sectors(benchmark::State& state, McuFlashKind kind) {
  McuBoard b(kind, static_cast<TimingColumn>(state.range(0)));
  const flash::Geometry& g = b.dev.geometry();
  std::vector<std::byte> data(0x20000, std::byte{0x5A});
  uint32_t index = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    const flash::Sector s = *g.sector(index);
    if (!b.dev.erase(s.off, s.size) || !b.dev.write(s.off, std::span(data).first(s.size))) state.SkipWithError("flash op failed");
    bytes += s.size;
    index = (index + 1) % g.sector_count();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["virt_us_per_KiB"] = static_cast<double>(b.clock.now_ns()) / 1000.0 / (static_cast<double>(bytes) / 1024.0);
}

void BM_Nrf52833_ErasePlusProgramPage(benchmark::State& state) { program_sectors(state, McuFlashKind::kNrf52833); }
void BM_Stm32f4_ErasePlusProgramSector(benchmark::State& state) { program_sectors(state, McuFlashKind::kStm32f4); }
BENCHMARK(BM_Nrf52833_ErasePlusProgramPage)->Arg(0)->Arg(1)->ArgName("max_column");
BENCHMARK(BM_Stm32f4_ErasePlusProgramSector)->Arg(0)->Arg(1)->ArgName("max_column");

void BM_Nrf52833_Read(benchmark::State& state) {
  McuBoard b(McuFlashKind::kNrf52833, TimingColumn::kTypical);
  const auto chunk = static_cast<uint32_t>(state.range(0));
  std::vector<std::byte> out(chunk);
  uint32_t off = 0;
  for (auto _ : state) {
    if (!b.dev.read(off, out)) state.SkipWithError("read failed");
    benchmark::DoNotOptimize(out.data());
    off = (off + chunk) % b.dev.geometry().size;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * chunk);
}
BENCHMARK(BM_Nrf52833_Read)->Arg(4)->Arg(4096);

TimedRamFlashConfig nor_16m() {
  return {.name = "external", .geometry = flash::Geometry::uniform(4096, 4096, 1, 0xFF, 256), .program_ns = 850'000 / 256,
          .erase_ns = 45'000'000};
}

// Writes of `len` bytes walking a 16 MiB device; each sector is erased when the walk reaches it.
void BM_TimedRamFlash_Write(benchmark::State& state) {
  VirtualClock clock;
  PowerDomain power(clock);
  TimedRamFlash f(nor_16m(), power);
  const auto len = static_cast<uint32_t>(state.range(0));
  std::vector<std::byte> data(len, std::byte{0x33});
  uint32_t off = 0;
  for (auto _ : state) {
    if (off % 4096 == 0 && !f.erase(off, 4096)) state.SkipWithError("erase failed");
    if (!f.write(off, data)) state.SkipWithError("write failed");
    off = (off + len) % f.geometry().size;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * len);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_TimedRamFlash_Write)->Arg(4)->Arg(256)->Arg(4096);

void BM_TimedRamFlash_Read(benchmark::State& state) {
  VirtualClock clock;
  PowerDomain power(clock);
  TimedRamFlash f(nor_16m(), power);
  const auto len = static_cast<uint32_t>(state.range(0));
  std::vector<std::byte> out(len);
  uint32_t off = 0;
  for (auto _ : state) {
    if (!f.read(off, out)) state.SkipWithError("read failed");
    benchmark::DoNotOptimize(out.data());
    off = (off + len) % f.geometry().size;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * len);
}
BENCHMARK(BM_TimedRamFlash_Read)->Arg(4)->Arg(4096);

}  // namespace
}  // namespace norboot::sim

BENCHMARK_MAIN();
