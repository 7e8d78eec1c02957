#include <vector>

#include <gtest/gtest.h>

#include "flash/area.hpp"
#include "flash/copy.hpp"
#include "flash/layout.hpp"
#include "flash/ram_flash.hpp"

namespace norboot::flash::flash_contract_test {
namespace {

using core::Errc;

struct RamFixture : ::testing::Test {
  Geometry g = Geometry::uniform(4096, 16, 4);
  std::vector<std::byte> mem = std::vector<std::byte>(g.size);
  RamFlash dev{"internal", g, mem};
  void SetUp() override { dev.format(); }
};

TEST_F(RamFixture, Write_PastEnd_OutOfRangeFlashUnchanged) {
  std::array<std::byte, 8> d{};
  auto s = dev.write(g.size - 4, d);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kOutOfRange);
  EXPECT_EQ(s.error().offset, g.size - 4);
  EXPECT_EQ(mem[g.size - 4], std::byte{0xFF});
}

TEST_F(RamFixture, Write_Misaligned_NamesWriteBlock) {
  std::array<std::byte, 4> d{};
  auto s = dev.write(2, d);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kMisaligned);
  EXPECT_EQ(s.error().expected, 4u);
  auto s2 = dev.write(4, std::span(d).first(3));
  ASSERT_FALSE(s2);
  EXPECT_EQ(s2.error().found, 3u);
}

TEST_F(RamFixture, Write_OnlyClearsBits) {
  std::array<std::byte, 4> a{std::byte{0xF0}, std::byte{0x0F}, std::byte{0xFF}, std::byte{0x00}};
  std::array<std::byte, 4> b{std::byte{0x3C}, std::byte{0xFF}, std::byte{0x00}, std::byte{0xFF}};
  ASSERT_TRUE(dev.write(0, a));
  ASSERT_TRUE(dev.write(0, b));
  std::array<std::byte, 4> r{};
  ASSERT_TRUE(dev.read(0, r));
  EXPECT_EQ(r[0], std::byte{0x30});
  EXPECT_EQ(r[1], std::byte{0x0F});
  EXPECT_EQ(r[2], std::byte{0x00});
  EXPECT_EQ(r[3], std::byte{0x00});
}

TEST_F(RamFixture, Erase_NotSectorAligned_MisalignedNothingErased) {
  std::array<std::byte, 4> z{};
  ASSERT_TRUE(dev.write(4096, z));
  auto s = dev.erase(4096, 100);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kMisaligned);
  EXPECT_EQ(mem[4096], std::byte{0});
}

TEST_F(RamFixture, Area_ReadPastEnd_ErrorNamesArea) {
  Area a{&dev, 8192, 4096, "secondary"};
  std::array<std::byte, 8> d{};
  auto s = a.read(4092, d);
  ASSERT_FALSE(s);
  EXPECT_STREQ(s.error().area, "secondary");
  EXPECT_EQ(s.error().offset, 8192u + 4092u);
}

TEST_F(RamFixture, Copy_MovesBytesInChunks) {
  std::vector<std::byte> src(4096);
  for (size_t i = 0; i < src.size(); ++i) src[i] = std::byte(i * 7);
  Area a{&dev, 0, 4096, "a"}, b{&dev, 4096, 4096, "b"};
  ASSERT_TRUE(a.write(0, src));
  std::array<std::byte, 100> buf{};  // not a multiple of 4: copy must round down
  ASSERT_TRUE(copy(a, 0, b, 0, 4096, buf));
  EXPECT_TRUE(std::equal(src.begin(), src.end(), mem.begin() + 4096));
}

TEST(Geometry, NonUniformSectorsResolve) {
  Geometry g;
  g.size = 4 * 16384 + 65536 + 3 * 131072;
  g.write_block = 1;
  g.runs = {SectorRun{16384, 4}, SectorRun{65536, 1}, SectorRun{131072, 3}};
  g.run_count = 3;
  EXPECT_EQ(g.sector_count(), 8u);
  auto s = g.sector_at(0x10000 + 5);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->index, 4u);
  EXPECT_EQ(s->size, 65536u);
  EXPECT_EQ(g.sector(5)->off, 0x20000u);
  EXPECT_TRUE(g.is_sector_boundary(0x20000));
  EXPECT_FALSE(g.is_sector_boundary(0x21000));
  EXPECT_FALSE(g.sector_at(g.size));
}

TEST(Layout, FindAndDuplicate) {
  Layout l;
  ASSERT_TRUE(l.add(Area{nullptr, 0, 10, "primary"}));
  EXPECT_FALSE(l.add(Area{nullptr, 0, 10, "primary"}));
  EXPECT_NE(l.find("primary"), nullptr);
  EXPECT_EQ(l.find("scratch"), nullptr);
  EXPECT_EQ(l.get("scratch").error().code, Errc::kNotFound);
}

}  // namespace
}  // namespace norboot::flash::flash_contract_test
