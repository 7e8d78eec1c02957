// SPI NOR: host speed of the chip model, and the driver's efficiency in virtual time.
//
// Host speed (goal ≥ 100 MB/s of simulated bytes per second of host time, so power-cut campaigns of
// millions of operations stay fast): bytes_per_second of
//   ChipModel/Read/N      one FAST_READ frame of N bytes straight into the chip model;
//   ChipModel/Program     WREN + a 256-byte page program + the idle time until the chip is done;
//   Driver/Spim/Read|Write the whole stack — SpiNor over the SPIM model over the chip — 4 KiB calls.
//
// Driver efficiency on the nrf52833-mx25r3235f board (MX25R3235F behind SPIM at 8 MHz): program
// 300000 bytes from offset 0 through SpiNor (the chip starts erased), then read them back, on the
// board's virtual clock. The ideal is what the hardware cannot avoid:
//   program: Σ over the pages written of the part's typical program time for that many bytes
//            (the preset's SFDP figures: first byte 32 µs + 1 µs per further byte, 896 µs per full
//            page) + the bus time of opcode + 3 address bytes + data of each page program;
//   read:    bus time of opcode + 3 address bytes + data, in as few frames as MAXCNT (65535) allows.
// ratio = virtual time / ideal (goal ≤ 1.05). The figures are printed once before the benchmarks
// and are the counters of Driver/Efficiency.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "sim/board.hpp"
#include "sim/spi_nor_chip.hpp"
#include "sim/spim_controller.hpp"
#include "spinor/spi_nor.hpp"

namespace norboot::sim {
namespace {

std::array<std::byte, 4> addressed(uint8_t op, uint32_t addr) {
  return {std::byte{op}, std::byte(static_cast<uint8_t>(addr >> 16)), std::byte(static_cast<uint8_t>(addr >> 8)),
          std::byte(static_cast<uint8_t>(addr))};
}

struct ChipOnly {
  VirtualClock clock;
  PowerDomain power{clock};
  SpiNorChip chip{nor_chip_spec(NorChipKind::kMx25r3235f), power};
};

void chip_read(benchmark::State& state) {
  ChipOnly c;
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::byte> rx(n);
  const uint32_t size = c.chip.spec().size;
  uint32_t addr = 0;
  for (auto _ : state) {
    const auto a = addressed(0x0B, addr);
    const std::array<std::byte, 5> cmd{a[0], a[1], a[2], a[3], std::byte{0}};
    if (!c.chip.frame(cmd, {}, rx)) state.SkipWithError("read frame failed");
    benchmark::DoNotOptimize(rx.data());
    addr = static_cast<uint32_t>((addr + n) % size);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(chip_read)->Name("ChipModel/Read")->Arg(256)->Arg(4096)->Arg(65535);

void chip_program(benchmark::State& state) {
  ChipOnly c;
  std::vector<std::byte> page(256, std::byte{0x5A});
  const std::array<std::byte, 1> wren{std::byte{0x06}};
  const uint32_t size = c.chip.spec().size;
  uint32_t addr = 0;
  for (auto _ : state) {
    const auto cmd = addressed(0x02, addr);
    if (!c.chip.frame(wren, {}, {}) || !c.chip.frame(cmd, page, {})) state.SkipWithError("program frame failed");
    c.clock.sleep_ns(c.chip.busy_until_ns() - c.clock.now_ns());  // idle until the page is done
    addr = (addr + 256) % size;
  }
  if (c.chip.counters().programs + 1 < static_cast<uint64_t>(state.iterations())) state.SkipWithError("pages lost");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * 256));
}
BENCHMARK(chip_program)->Name("ChipModel/Program");

struct DriverRig {
  DriverRig() {
    if (!nor.probe()) throw std::runtime_error("probe failed");
  }
  VirtualClock clock;
  PowerDomain power{clock};
  SpiNorChip chip{nor_chip_spec(NorChipKind::kMx25r3235f), power};
  SpimController spim{chip, power};
  alignas(8) std::array<std::byte, 260> work{};
  spinor::SpiNor nor{spim, clock, work};
};

void driver_read(benchmark::State& state) {
  DriverRig r;
  std::vector<std::byte> out(4096);
  uint32_t off = 0;
  for (auto _ : state) {
    if (!r.nor.read(off, out)) state.SkipWithError("read failed");
    benchmark::DoNotOptimize(out.data());
    off = (off + 4096) % r.chip.spec().size;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * out.size()));
}
BENCHMARK(driver_read)->Name("Driver/Spim/Read");

void driver_write(benchmark::State& state) {
  DriverRig r;
  std::vector<std::byte> in(4096, std::byte{0xA5});
  uint32_t off = 0;
  for (auto _ : state) {
    if (!r.nor.write(off, in)) state.SkipWithError("write failed");
    off = (off + 4096) % r.chip.spec().size;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}
BENCHMARK(driver_write)->Name("Driver/Spim/Write");

// ---- driver efficiency in virtual time ------------------------------------------------------

constexpr uint32_t kImageBytes = 300000;

struct Efficiency {
  double program_us = 0, program_ideal_us = 0;
  double read_us = 0, read_ideal_us = 0;
  uint64_t pages = 0, program_frames = 0, read_frames = 0, frames = 0, wel_checks = 0, status_polls = 0;
  double program_ratio() const { return program_us / program_ideal_us; }
  double read_ratio() const { return read_us / read_ideal_us; }
  double ratio() const { return (program_us + read_us) / (program_ideal_us + read_ideal_us); }
};

Efficiency measure_efficiency(std::string_view board) {
  const auto spec = find_board(board);
  auto made = Board::create(*spec);
  if (!made) throw std::runtime_error("board did not build");
  Board& b = **made;
  const double ns_per_byte = 8e9 / spec->bus_hz;
  std::vector<std::byte> image(kImageBytes);
  for (size_t i = 0; i < image.size(); ++i) image[i] = std::byte(static_cast<uint8_t>(i * 131 + 7));

  Efficiency e;
  const uint32_t page = b.external().chip().page_size;
  for (uint32_t at = 0; at < kImageBytes;) {
    const uint32_t n = std::min(kImageBytes - at, page - at % page);
    e.program_ideal_us += (static_cast<double>(b.chip().program_ns(n)) + (4 + n) * ns_per_byte) / 1000.0;
    ++e.pages;
    at += n;
  }
  const uint32_t max_segment = b.bus().rules().max_segment;
  const uint32_t read_frames = (kImageBytes + max_segment - 1) / max_segment;
  e.read_ideal_us = (4.0 * read_frames + kImageBytes) * ns_per_byte / 1000.0;

  b.external().reset_stats();
  const uint64_t t0 = b.clock().now_ns();
  if (!b.external().write(0, image)) throw std::runtime_error("program failed");
  const uint64_t t1 = b.clock().now_ns();
  std::vector<std::byte> back(kImageBytes);
  if (!b.external().read(0, back) || back != image) throw std::runtime_error("read back differs");
  const uint64_t t2 = b.clock().now_ns();
  e.program_us = static_cast<double>(t1 - t0) / 1000.0;
  e.read_us = static_cast<double>(t2 - t1) / 1000.0;
  const spinor::SpiNorStats& s = b.external().stats();
  e.program_frames = s.program_frames;
  e.read_frames = s.read_frames;
  e.frames = s.frames;
  e.wel_checks = s.wel_checks;
  e.status_polls = s.status_polls;
  return e;
}

void driver_efficiency(benchmark::State& state, std::string_view board) {
  Efficiency e;
  for (auto _ : state) e = measure_efficiency(board);
  state.counters["ratio"] = e.ratio();
  state.counters["program_ratio"] = e.program_ratio();
  state.counters["read_ratio"] = e.read_ratio();
  state.counters["virtual_ms"] = (e.program_us + e.read_us) / 1000.0;
  state.counters["ideal_ms"] = (e.program_ideal_us + e.read_ideal_us) / 1000.0;
  state.counters["status_polls"] = static_cast<double>(e.status_polls);
  state.counters["frames"] = static_cast<double>(e.frames);
}
BENCHMARK_CAPTURE(driver_efficiency, spim, std::string_view("nrf52833-mx25r3235f"))
    ->Name("Driver/Efficiency/nrf52833-mx25r3235f/300000")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(driver_efficiency, qspi, std::string_view("nrf52840dk-mx25r6435f"))
    ->Name("Driver/Efficiency/nrf52840dk-mx25r6435f/300000")
    ->Unit(benchmark::kMillisecond);

void print_efficiency(std::string_view board, const char* what) {
  const Efficiency e = measure_efficiency(board);
  std::printf("SPI NOR driver efficiency, %s, %u bytes from offset 0\n", what, kImageBytes);
  std::printf("  program: %.1f us virtual, ideal %.1f us (%llu pages: typical program times + opcode/address/data "
              "on the bus), ratio %.4f\n",
              e.program_us, e.program_ideal_us, static_cast<unsigned long long>(e.pages), e.program_ratio());
  std::printf("  read:    %.1f us virtual, ideal %.1f us (opcode/address/data in MAXCNT frames), ratio %.4f\n", e.read_us,
              e.read_ideal_us, e.read_ratio());
  std::printf("  total:   %.1f us virtual, ideal %.1f us, ratio %.4f\n", e.program_us + e.read_us,
              e.program_ideal_us + e.read_ideal_us, e.ratio());
  std::printf("  frames %llu (program %llu, read %llu), WEL checks %llu, status polls %llu\n\n",
              static_cast<unsigned long long>(e.frames), static_cast<unsigned long long>(e.program_frames),
              static_cast<unsigned long long>(e.read_frames), static_cast<unsigned long long>(e.wel_checks),
              static_cast<unsigned long long>(e.status_polls));
}

}  // namespace
}  // namespace norboot::sim

int main(int argc, char** argv) {
  norboot::sim::print_efficiency("nrf52833-mx25r3235f", "nrf52833-mx25r3235f (MX25R3235F, SPIM 8 MHz)");
  // Ideal at one data line, as the driver uses (0x0B / 0x02); quad modes would shorten the bus time.
  norboot::sim::print_efficiency("nrf52840dk-mx25r6435f", "nrf52840dk-mx25r6435f (MX25R6435F, QSPI 32 MHz, 1-1-1)");
  // Above 1.05: SFDP publishes the 400 µs page program in 64 µs units as 448 µs, the driver's
  // first poll comes then (tests/spinor/spi_nor_efficiency_test.cpp).
  norboot::sim::print_efficiency("stm32f4-w25q128jv", "stm32f4-w25q128jv (W25Q128JV, SPI 8 MHz)");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
