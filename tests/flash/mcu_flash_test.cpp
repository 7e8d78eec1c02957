// McuFlash (the device-side internal-flash driver) over a recording fake controller: how Flash
// calls map onto bursts and sector erases, and how hardware errors come back.
#include "flash/mcu_flash.hpp"

#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace norboot::flash::mcu_flash_test {
namespace {

using core::Errc;

// Records every controller call; applies them with NOR semantics; can refuse the n-th erase.
class RecordingHw final : public McuFlashHw {
 public:
  explicit RecordingHw(const Geometry& g) : g_(g), mem_(g.size, std::byte{0xFF}) {}
  const Geometry& geometry() const override { return g_; }
  core::Status read(uint32_t off, std::span<std::byte> out) override {
    std::memcpy(out.data(), mem_.data() + off, out.size());
    return core::ok();
  }
  core::Status program(uint32_t off, std::span<const std::byte> in) override {
    calls.push_back("program " + std::to_string(off) + "+" + std::to_string(in.size()));
    for (size_t i = 0; i < in.size(); ++i) mem_[off + i] &= in[i];
    return core::ok();
  }
  core::Status erase_sector(uint32_t off) override {
    calls.push_back("erase " + std::to_string(off));
    if (++erases == fail_erase) {
      return core::fail(core::Error{.code = Errc::kIo, .what = "erase flag"}.at("hw", off));
    }
    std::memset(mem_.data() + off, 0xFF, g_.sector_at(off)->size);
    return core::ok();
  }

  std::vector<std::string> calls;
  int erases = 0;
  int fail_erase = 0;

 private:
  Geometry g_;
  std::vector<std::byte> mem_;
};

Geometry stm32_like() {
  Geometry g;
  g.write_block = 1;
  g.runs = {SectorRun{0x4000, 4}, SectorRun{0x10000, 1}, SectorRun{0x20000, 7}};
  g.run_count = 3;
  g.size = 0x100000;
  return g;
}

TEST(McuFlash, Geometry_IsTheHardwares) {
  RecordingHw hw(Geometry::uniform(4096, 128, 4));
  McuFlash dev("internal", hw);
  EXPECT_EQ(dev.geometry().write_block, 4u);
  EXPECT_EQ(dev.geometry().size, 512u * 1024);
  EXPECT_STREQ(dev.name(), "internal");
}

TEST(McuFlash, Write_IsOneBurst) {
  RecordingHw hw(Geometry::uniform(4096, 128, 4));
  McuFlash dev("internal", hw);
  std::vector<std::byte> d(4096 + 8, std::byte{0x5A});
  ASSERT_TRUE(dev.write(4092, d));
  ASSERT_EQ(hw.calls.size(), 1u);
  EXPECT_EQ(hw.calls[0], "program 4092+4104");
}

TEST(McuFlash, Write_Misaligned_RefusedBeforeReachingHardware) {
  RecordingHw hw(Geometry::uniform(4096, 128, 4));
  McuFlash dev("internal", hw);
  std::vector<std::byte> d(4, std::byte{0});
  auto s = dev.write(2, d);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kMisaligned);
  EXPECT_TRUE(hw.calls.empty());
}

TEST(McuFlash, Erase_NonUniformRange_OneEraseSectorPerSectorInOrder) {
  RecordingHw hw(stm32_like());
  McuFlash dev("internal", hw);
  ASSERT_TRUE(dev.erase(0xC000, 0x4000 + 0x10000 + 0x20000));
  EXPECT_EQ(hw.calls, (std::vector<std::string>{"erase 49152", "erase 65536", "erase 131072"}));
}

TEST(McuFlash, Erase_HardwareFailsSecondSector_StopsThereErrorNamesDriver) {
  RecordingHw hw(Geometry::uniform(4096, 128, 4));
  hw.fail_erase = 2;
  McuFlash dev("internal", hw);
  auto s = dev.erase(0, 3 * 4096);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kIo);
  EXPECT_STREQ(s.error().device, "internal");
  EXPECT_EQ(s.error().offset, 4096u);
  EXPECT_EQ(hw.calls.size(), 2u);
}

TEST(McuFlash, StartErase_ErasesBeforeReturningAndNeverBusy) {
  RecordingHw hw(Geometry::uniform(4096, 128, 4));
  McuFlash dev("internal", hw);
  ASSERT_TRUE(dev.start_erase(8192, 4096));
  EXPECT_EQ(hw.calls, (std::vector<std::string>{"erase 8192"}));
  auto busy = dev.busy();
  ASSERT_TRUE(busy);
  EXPECT_FALSE(*busy);
}

}  // namespace
}  // namespace norboot::flash::mcu_flash_test
