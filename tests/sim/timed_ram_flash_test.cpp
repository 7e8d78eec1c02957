// TimedRamFlash: times on the clock, background erase/program with busy(), cuts that settle
// blocking and background work, counters.
#include "sim/timed_ram_flash.hpp"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

namespace norboot::sim::timed_ram_flash_test {
namespace {

using core::Errc;
using core::kNsPerMs;

std::vector<std::byte> fill(size_t n, uint8_t v) { return std::vector<std::byte>(n, std::byte{v}); }

bool all_are(std::span<const std::byte> s, uint8_t v) {
  return std::all_of(s.begin(), s.end(), [&](std::byte b) { return b == std::byte{v}; });
}

TimedRamFlashConfig nor(bool async = false) {
  return {.name = "external", .geometry = flash::Geometry::uniform(4096, 16, 1, 0xFF, 256), .program_ns = 1000,
          .erase_ns = 45 * kNsPerMs, .async_erase = async, .async_program = async};
}

flash::Geometry three_runs() {
  flash::Geometry g;
  g.write_block = 4;
  g.runs = {flash::SectorRun{1024, 2}, flash::SectorRun{4096, 1}, flash::SectorRun{8192, 2}};
  g.run_count = 3;
  g.size = 2 * 1024 + 4096 + 2 * 8192;
  return g;
}

struct Board {
  VirtualClock clock;
  PowerDomain power{clock};
};

TEST(TimedRamFlash, Write_BlocksCpuForBlocksTimesProgramTimeAsOneOp) {
  Board b;
  TimedRamFlash f(nor(), b.power);
  ASSERT_TRUE(f.write(0, fill(256, 0x5A)));
  EXPECT_EQ(b.clock.now_ns(), 256 * 1000u);
  EXPECT_EQ(b.power.ops(), 1u);
  EXPECT_EQ(f.counters().programs, 1u);
  EXPECT_EQ(f.counters().program_bytes, 256u);
  EXPECT_EQ(f.counters().busy_ns, 256 * 1000u);
  EXPECT_TRUE(all_are(f.bytes().first(256), 0x5A));
}

TEST(TimedRamFlash, Erase_NonUniform_EachSectorItsRunTimeOneOpPerSector) {
  Board b;
  TimedRamFlash f({.geometry = three_runs(), .erase_ns = 7, .erase_ns_by_run = {0, 400, 900}}, b.power);
  ASSERT_TRUE(f.write(1024, fill(16, 0)));
  ASSERT_TRUE(f.erase(1024, 1024 + 4096 + 8192));
  EXPECT_EQ(b.clock.now_ns(), 7u + 400 + 900);
  EXPECT_EQ(b.power.ops(), 4u);
  EXPECT_EQ(f.counters().erases, 3u);
  EXPECT_EQ(f.counters().sector_erases, (std::vector<uint32_t>{0, 1, 1, 1, 0}));
  EXPECT_TRUE(all_are(f.bytes().subspan(1024, 16), 0xFF));
  EXPECT_EQ(f.erase_ns(0, three_runs().size), 7u * 2 + 400 + 900 * 2);
}

TEST(TimedRamFlash, StartErase_Background_BusyUntilDeadlineWhileCpuRuns) {
  Board b;
  TimedRamFlash f(nor(true), b.power);
  ASSERT_TRUE(f.write(4096, fill(16, 0)));
  const uint64_t t0 = b.clock.now_ns();
  ASSERT_TRUE(f.start_erase(4096, 2 * 4096));
  EXPECT_EQ(b.clock.now_ns(), t0) << "start_erase returns at once";
  EXPECT_TRUE(*f.busy());
  b.clock.sleep_ns(90 * kNsPerMs - 1);
  EXPECT_TRUE(*f.busy());
  b.clock.sleep_ns(1);
  EXPECT_FALSE(*f.busy());
  EXPECT_TRUE(all_are(f.bytes().subspan(4096, 16), 0xFF));
  EXPECT_EQ(f.counters().erases, 1u);
  EXPECT_EQ(f.counters().sector_erases[1], 1u);
  EXPECT_EQ(f.counters().sector_erases[2], 1u);
  EXPECT_EQ(b.power.ops(), 2u);
}

TEST(TimedRamFlash, Write_WhileBackgroundEraseRuns_WaitsForItFirst) {
  Board b;
  TimedRamFlash f(nor(true), b.power);
  ASSERT_TRUE(f.start_erase(0, 4096));
  ASSERT_TRUE(f.write(8192, fill(4, 0)));
  EXPECT_EQ(b.clock.now_ns(), 45 * kNsPerMs + 4 * 1000);
}

TEST(TimedRamFlash, StartWrite_Background_CopiesDataBusyForProgramTime) {
  Board b;
  TimedRamFlash f(nor(true), b.power);
  auto d = fill(256, 0x42);
  ASSERT_TRUE(f.start_write(0, d));
  std::fill(d.begin(), d.end(), std::byte{0});  // the caller may reuse its buffer at once
  EXPECT_TRUE(*f.busy());
  ASSERT_TRUE(f.wait_idle());
  EXPECT_EQ(b.clock.now_ns(), 256 * 1000u);
  EXPECT_TRUE(all_are(f.bytes().first(256), 0x42));
}

// A background erase of four 45 ms sectors on "external"; 100 ms later an operation of "internal"
// is the cut one. Sectors 0 and 1 had finished, sector 2 was in progress, sector 3 not started.
std::vector<std::byte> cut_background_erase() {
  Board b;
  TimedRamFlash ext(nor(true), b.power);
  TimedRamFlash internal({.name = "internal", .geometry = flash::Geometry::uniform(4096, 4, 4), .program_ns = 10},
                         b.power);
  EXPECT_TRUE(ext.write(0, fill(4 * 4096, 0x00)));
  const uint64_t t0 = b.clock.now_ns();
  EXPECT_TRUE(ext.start_erase(0, 4 * 4096));
  b.clock.sleep_ns(100 * kNsPerMs);
  b.power.arm({.at_op = b.power.ops() + 1, .mode = CutMode::kClean});
  EXPECT_EQ(internal.write(0, fill(4, 0)).error().code, Errc::kPowerLost);
  EXPECT_EQ(b.power.last_cut_ns(), t0 + 100 * kNsPerMs);
  EXPECT_EQ(ext.busy().error().code, Errc::kPowerLost);
  EXPECT_EQ(ext.counters().sector_erases, (std::vector<uint32_t>{1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  return {ext.bytes().begin(), ext.bytes().end()};
}

TEST(TimedRamFlash, BackgroundErase_CutByAnotherDevicesOp_FinishedSectorsErasedRestUntouched) {
  const auto cells = cut_background_erase();
  EXPECT_TRUE(all_are(std::span(cells).subspan(0, 2 * 4096), 0xFF));
  EXPECT_TRUE(all_are(std::span(cells).subspan(2 * 4096, 2 * 4096), 0x00));
}

TEST(TimedRamFlash, BackgroundErase_TornCut_SectorInProgressMixedReproducible) {
  // The domain cuts the background work at the elapsed fraction; the torn mode is the plan's.
  auto run = [](uint64_t seed) {
    Board b;
    TimedRamFlash ext(nor(true), b.power);
    EXPECT_TRUE(ext.write(0, fill(4 * 4096, 0x00)));
    EXPECT_TRUE(ext.start_erase(0, 4 * 4096));
    b.power.arm({.at_time_ns = b.clock.now_ns() + 100 * kNsPerMs, .mode = CutMode::kTorn, .seed = seed});
    b.clock.sleep_ns(200 * kNsPerMs);
    EXPECT_FALSE(b.power.alive());
    return std::vector<std::byte>(ext.bytes().begin(), ext.bytes().end());
  };
  const auto cells = run(3);
  EXPECT_TRUE(all_are(std::span(cells).subspan(0, 2 * 4096), 0xFF));
  const auto torn = std::span(cells).subspan(2 * 4096, 4096);
  EXPECT_FALSE(all_are(torn, 0x00));
  EXPECT_FALSE(all_are(torn, 0xFF));
  EXPECT_TRUE(all_are(std::span(cells).subspan(3 * 4096, 4096), 0x00));
  EXPECT_EQ(cells, run(3));
  EXPECT_NE(cells, run(4));
}

std::vector<std::byte> torn_write(uint64_t seed, uint64_t program_ns) {
  Board b;
  TimedRamFlash f({.name = "x", .geometry = flash::Geometry::uniform(4096, 4, 4), .program_ns = program_ns}, b.power);
  b.power.arm({.at_op = 1, .mode = CutMode::kTorn, .seed = seed});
  EXPECT_EQ(f.write(0, fill(1024, 0x00)).error().code, Errc::kPowerLost);
  return {f.bytes().begin(), f.bytes().begin() + 1024};
}

void expect_prefix_partial_rest(const std::vector<std::byte>& cells) {
  const auto first_ff_word = [&] {
    for (size_t w = 0; w < cells.size() / 4; ++w) {
      if (!all_are(std::span(cells).subspan(w * 4, 4), 0x00)) return w;
    }
    return cells.size() / 4;
  }();
  ASSERT_LT(first_ff_word, cells.size() / 4) << "the cut write did not finish";
  EXPECT_TRUE(all_are(std::span(cells).subspan((first_ff_word + 1) * 4), 0xFF));
}

TEST(TimedRamFlash, TornWrite_PrefixLandsBlockAtCutPartialRestUntouchedReproducible) {
  for (uint64_t program_ns : {1000u, 0u}) {  // timed and timeless devices
    const auto a = torn_write(21, program_ns);
    expect_prefix_partial_rest(a);
    EXPECT_EQ(a, torn_write(21, program_ns));
    EXPECT_NE(a, torn_write(22, program_ns));
  }
}

TEST(TimedRamFlash, CleanCutTimeless_WriteLeavesNothing) {
  Board b;
  TimedRamFlash f({.geometry = flash::Geometry::uniform(4096, 4, 4)}, b.power);
  b.power.arm({.at_op = 1});
  EXPECT_FALSE(f.write(0, fill(64, 0)));
  EXPECT_TRUE(all_are(f.bytes(), 0xFF));
}

TEST(TimedRamFlash, WhileDead_EveryCallRefusedThenRebootWorks) {
  Board b;
  TimedRamFlash f(nor(true), b.power);
  b.power.arm({.at_op = 1});
  ASSERT_FALSE(f.erase(0, 4096));
  std::vector<std::byte> out(4);
  EXPECT_EQ(f.read(0, out).error().code, Errc::kPowerLost);
  EXPECT_EQ(f.write(0, fill(4, 0)).error().code, Errc::kPowerLost);
  EXPECT_EQ(f.start_erase(0, 4096).error().code, Errc::kPowerLost);
  EXPECT_EQ(f.busy().error().code, Errc::kPowerLost);
  EXPECT_EQ(f.wait_idle().error().code, Errc::kPowerLost);
  EXPECT_STREQ(f.read(0, out).error().device, "external");
  b.power.reboot();
  EXPECT_TRUE(f.write(0, fill(4, 0)));
  EXPECT_TRUE(f.read(0, out));
  EXPECT_EQ(f.counters().reads, 1u);
}

TEST(TimedRamFlash, Restore_ReplacesCellsAndDropsWorkInFlight) {
  Board b;
  TimedRamFlash f(nor(true), b.power);
  const std::vector<std::byte> start(f.bytes().begin(), f.bytes().end());
  ASSERT_TRUE(f.write(0, fill(8, 0)));
  ASSERT_TRUE(f.start_write(256, fill(8, 0)));
  f.restore(start);
  EXPECT_FALSE(*f.busy());
  EXPECT_TRUE(all_are(f.bytes(), 0xFF));
}

}  // namespace
}  // namespace norboot::sim::timed_ram_flash_test
