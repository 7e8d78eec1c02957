#include "tools/swap_bench.hpp"

#include <array>

#include <fmt/core.h>

#include "sim/board_target.hpp"
#include "tools/output.hpp"
#include "tools/sim_support.hpp"

namespace norboot::tools {
namespace {

/// MCUboot bootutil v2.4.0-114 on the motivating board, 300000-byte payload: exact operation
/// counts (../shared/reference/perf-anchors.md). Only meaningful for that image size.
struct McubootCounts {
  boot::Strategy strategy;
  const char* label;
  uint32_t int_erases, int_bytes, ext_erases, ext_bytes;
};
constexpr std::array<McubootCounts, 4> kMcuboot{{
    {boot::Strategy::kSwapScratch, "MCUboot swap-scratch (scratch external)", 75, 304020, 150, 606229},
    {boot::Strategy::kSwapMove, "MCUboot swap-move", 149, 607124, 75, 303104},
    {boot::Strategy::kSwapOffset, "MCUboot swap-offset", 75, 303728, 75, 303104},
    {boot::Strategy::kOverwrite, "MCUboot overwrite-only", 75, 300572, 2, 0},
}};

DeviceUse use_of(const sim::DeviceCounters& c, uint64_t bytes_read) {
  return {c.erases, c.programs, c.program_bytes, bytes_read, c.max_sector_erases()};
}

/// Internal flash alone: erase and fully program every sector the image occupies.
uint64_t physical_bound(sim::Board& b, uint32_t primary_off, uint32_t image_bytes) {
  const flash::Geometry& g = b.internal().geometry();
  uint64_t ns = 0;
  for (uint32_t off = primary_off; off < primary_off + image_bytes;) {
    const auto sector = g.sector_at(off);
    if (!sector) break;
    ns += b.mcu_model().erase_ns(sector->off) + b.mcu_model().program_ns(sector->size);
    off = sector->off + sector->size;
  }
  return ns;
}

/// The anchor's counts timed with this board: operations one after another, SPI at its clock for
/// the bytes programmed externally and for reading the same amount back.
std::optional<uint64_t> mcuboot_time(sim::Board& b, boot::Strategy s, std::string& label) {
  // norboot's own strategy is set against MCUboot's default on this board (nRF Connect SDK).
  if (s == boot::Strategy::kSwapPipeline) s = boot::Strategy::kSwapMove;
  for (const McubootCounts& m : kMcuboot) {
    if (m.strategy != s) continue;
    label = m.label;
    const uint64_t spi_ns_per_byte = 8'000'000'000ull / b.spec().bus_hz;
    return m.int_erases * b.mcu_model().erase_ns(0) + b.mcu_model().program_ns(m.int_bytes) +
           m.ext_erases * b.chip().erase_ns(4096) + (m.ext_bytes / 256) * b.chip().program_ns(256) +
           2ull * m.ext_bytes * spi_ns_per_byte;
  }
  return std::nullopt;
}

}  // namespace

SwapBench bench_swap(const sim::BoardSpec& spec, boot::Strategy s, uint32_t payload, sim::Timeline* timeline) {
  SwapBench out;
  out.strategy = s;
  auto board = sim::Board::create(spec);
  if (!board) {
    out.error = "board: " + describe(board.error());
    return out;
  }
  sim::Board& b = **board;
  sim::BootSettings settings;
  settings.strategy = s;
  sim::BoardTarget target(b, settings);
  const auto v1 = make_test_image(payload, {1, 0, 0, 0}, 1);
  const auto v2 = make_test_image(payload, {2, 0, 0, 0}, 2);
  out.image_bytes = static_cast<uint32_t>(v2.size());
  if (auto ok = target.prepare(sim::Scenario::kUpgrade, v1, v2); !ok) {
    out.error = describe(ok.error());
    return out;
  }
  b.reset_counters();
  b.timeline().enabled = timeline != nullptr;
  const uint64_t spi_read0 = b.chip().counters().read_bytes;
  auto up = sim::run_bootloader(b, settings);
  if (!up.result || up.result->swap != boot::SwapType::kTest) {
    out.error = "the upgrade did not run";
    return out;
  }
  out.swap_ns = up.result->swap_ns;
  out.internal = use_of(b.mcu_model().counters(), b.mcu_model().counters().read_bytes);
  out.external = use_of(b.chip().counters(), b.chip().counters().read_bytes - spi_read0);
  if (timeline) *timeline = b.timeline();
  b.timeline().enabled = false;
  auto primary = b.area("primary");
  out.bound_ns = physical_bound(b, primary ? primary->off : 0, out.image_bytes);
  out.mcuboot_ns = payload == 300000 ? mcuboot_time(b, s, out.mcuboot_label) : std::nullopt;
  if (boot::strategy_info(s).keeps_revert) {
    auto back = sim::run_bootloader(b, settings);
    if (!back.result || back.result->swap != boot::SwapType::kRevert) {
      out.error = "the revert did not run";
      return out;
    }
    out.revert_ns = back.result->swap_ns;
  }
  return out;
}

nlohmann::json swap_bench_json(const SwapBench& b) {
  auto dev = [](const DeviceUse& d) {
    return nlohmann::json{{"erases", d.erases}, {"programs", d.programs}, {"bytes_written", d.bytes_written},
                          {"bytes_read", d.bytes_read}, {"max_erases_per_sector", d.max_erases_per_sector}};
  };
  nlohmann::json j{{"strategy", boot::strategy_name(b.strategy)}, {"image_bytes", b.image_bytes},
                   {"swap_s", b.swap_ns / 1e9}, {"revert_s", b.revert_ns ? nlohmann::json(b.revert_ns / 1e9) : nlohmann::json()},
                   {"bound_s", b.bound_ns / 1e9}, {"ratio_to_bound", b.bound_ns ? double(b.swap_ns) / b.bound_ns : 0.0},
                   {"internal", dev(b.internal)}, {"external", dev(b.external)}};
  if (b.mcuboot_ns) {
    j["mcuboot"] = {{"label", b.mcuboot_label}, {"swap_s", *b.mcuboot_ns / 1e9},
                    {"ratio", double(b.swap_ns) / *b.mcuboot_ns}};
  }
  if (!b.error.empty()) j["error"] = b.error;
  return j;
}

std::string swap_bench_header() {
  return "strategy        swap s  revert s  bound s  x bound  int erases/programs/max  ext erases/programs/max  vs MCUboot\n";
}

std::string swap_bench_line(const SwapBench& b) {
  if (!b.error.empty()) return fmt::format("{:<14}  failed: {}\n", boot::strategy_name(b.strategy), b.error);
  std::string vs = b.mcuboot_ns ? fmt::format("{:.2f}x {} ({:.2f} s)", double(b.swap_ns) / *b.mcuboot_ns, b.mcuboot_label,
                                              *b.mcuboot_ns / 1e9)
                                : "-";
  return fmt::format("{:<14} {:7.2f} {:9} {:8.2f} {:8.3f}  {:6}/{:6}/{:<3}          {:6}/{:6}/{:<3}          {}\n",
                     boot::strategy_name(b.strategy), b.swap_ns / 1e9,
                     b.revert_ns ? fmt::format("{:9.2f}", b.revert_ns / 1e9) : std::string("        -"), b.bound_ns / 1e9,
                     double(b.swap_ns) / b.bound_ns, b.internal.erases, b.internal.programs, b.internal.max_erases_per_sector,
                     b.external.erases, b.external.programs, b.external.max_erases_per_sector, vs);
}

}  // namespace norboot::tools
