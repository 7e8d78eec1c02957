// FaultyFlash: the planned operation fails, cuts or tears; the rest pass through.
#include "sim/faulty_flash.hpp"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "flash/ram_flash.hpp"

namespace norboot::sim::faulty_flash_test {
namespace {

using core::Errc;

std::vector<std::byte> fill(size_t n, uint8_t v) { return std::vector<std::byte>(n, std::byte{v}); }

struct Rig {
  Rig() { ram.format(); }
  flash::Geometry g = flash::Geometry::uniform(4096, 8, 4);
  std::vector<std::byte> mem = std::vector<std::byte>(g.size);
  flash::RamFlash ram{"internal", g, mem};
  FaultyFlash dev{ram};
};

TEST(FaultyFlash, FailSecondWrite_IoNamesDeviceAndOffsetUntouchedNextPasses) {
  Rig r;
  r.dev.arm({.op = 2});
  ASSERT_TRUE(r.dev.write(0, fill(4, 0x11)));
  auto s = r.dev.write(8, fill(4, 0x22));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kIo);
  EXPECT_STREQ(s.error().device, "internal");
  EXPECT_EQ(s.error().offset, 8u);
  EXPECT_EQ(r.mem[8], std::byte{0xFF});
  EXPECT_TRUE(r.dev.write(8, fill(4, 0x22)));
  EXPECT_EQ(r.mem[8], std::byte{0x22});
  EXPECT_EQ(r.dev.ops(), 3u);
}

TEST(FaultyFlash, FailTimes_FailsThatManyInARow) {
  Rig r;
  r.dev.arm({.op = 1, .times = 3});
  EXPECT_FALSE(r.dev.erase(0, 4096));
  EXPECT_FALSE(r.dev.write(0, fill(4, 0)));
  EXPECT_FALSE(r.dev.erase(4096, 4096));
  EXPECT_TRUE(r.dev.write(0, fill(4, 0)));
}

TEST(FaultyFlash, Range_OnlyOperationsTouchingItCount) {
  Rig r;
  r.dev.arm({.op = 1, .range_off = 8192, .range_len = 4096});
  EXPECT_TRUE(r.dev.write(0, fill(4, 0)));
  EXPECT_TRUE(r.dev.erase(4096, 4096));
  EXPECT_EQ(r.dev.ops(), 0u);
  EXPECT_FALSE(r.dev.write(8192 + 100, fill(4, 0)));
  EXPECT_EQ(r.dev.ops(), 1u);
}

TEST(FaultyFlash, CountReads_ReadIsTheFailedOp) {
  Rig r;
  std::vector<std::byte> out(4);
  r.dev.arm({.op = 1});
  EXPECT_TRUE(r.dev.read(0, out)) << "reads do not count by default";
  r.dev.arm({.op = 1, .count_reads = true});
  EXPECT_EQ(r.dev.read(0, out).error().code, Errc::kIo);
}

TEST(FaultyFlash, Cut_OpDoesNothingThenPowerLostUntilRevive) {
  Rig r;
  r.dev.arm({.op = 1, .kind = FaultKind::kCut});
  EXPECT_EQ(r.dev.write(0, fill(4, 0)).error().code, Errc::kPowerLost);
  EXPECT_EQ(r.mem[0], std::byte{0xFF});
  EXPECT_TRUE(r.dev.dead());
  std::vector<std::byte> out(4);
  EXPECT_EQ(r.dev.read(0, out).error().code, Errc::kPowerLost);
  EXPECT_EQ(r.dev.busy().error().code, Errc::kPowerLost);
  r.dev.revive();
  EXPECT_TRUE(r.dev.write(0, fill(4, 0)));
}

std::vector<std::byte> torn_write(uint64_t seed) {
  Rig r;
  r.dev.arm({.op = 1, .kind = FaultKind::kTorn, .seed = seed});
  EXPECT_EQ(r.dev.write(0, fill(1024, 0x00)).error().code, Errc::kPowerLost);
  return {r.mem.begin(), r.mem.begin() + 1024};
}

TEST(FaultyFlash, TornWrite_PrefixThenPartialBlockThenUntouchedReproducible) {
  const auto a = torn_write(9);
  size_t w = 0;
  while (w < 256 && std::all_of(a.begin() + w * 4, a.begin() + w * 4 + 4, [](std::byte b) { return b == std::byte{0}; })) ++w;
  ASSERT_LT(w, 256u);
  EXPECT_TRUE(std::all_of(a.begin() + (w + 1) * 4, a.end(), [](std::byte b) { return b == std::byte{0xFF}; }));
  EXPECT_EQ(a, torn_write(9));
  EXPECT_NE(a, torn_write(10));
}

TEST(FaultyFlash, TornErase_MixOfOldAndErasedBytes) {
  Rig r;
  ASSERT_TRUE(r.dev.write(4096, fill(4096, 0x00)));
  r.dev.arm({.op = 1, .kind = FaultKind::kTorn, .seed = 4});
  EXPECT_EQ(r.dev.erase(4096, 4096).error().code, Errc::kPowerLost);
  const auto page = std::span(r.mem).subspan(4096, 4096);
  EXPECT_GT(std::count(page.begin(), page.end(), std::byte{0x00}), 0);
  EXPECT_GT(std::count(page.begin(), page.end(), std::byte{0xFF}), 0);
}

}  // namespace
}  // namespace norboot::sim::faulty_flash_test
