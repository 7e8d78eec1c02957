// Whole boot cycles on every strategy: test → revert, test → confirm, permanent, refusals.
#include <gtest/gtest.h>

#include "boot_rig.hpp"

namespace norboot::boot::testing::boot_cycle_test {
namespace {

constexpr Version kV1{1, 0, 0, 0};
constexpr Version kV2{2, 0, 0, 0};

class BootCycle : public ::testing::TestWithParam<Strategy> {
 protected:
  BootRig rig{GetParam()};
  std::vector<std::byte> v1 = make_fake_image(9 * 4096 + 100, kV1, 1);
  std::vector<std::byte> v2 = make_fake_image(11 * 4096 + 7, kV2, 2);
  void SetUp() override {
    rig.put_primary(v1);
    rig.put_secondary(v2);
  }
  bool keeps_revert() const { return strategy_info(GetParam()).keeps_revert; }
};

std::string name_of(const ::testing::TestParamInfo<Strategy>& i) {
  std::string n(strategy_name(i.param));
  for (char& c : n) c = c == '-' ? '_' : c;
  return n;
}

TEST_P(BootCycle, Test_NotConfirmed_RevertsToOldImage) {
  rig.request(UpgradeMode::kTest);
  BootResult r = rig.boot();
  ASSERT_TRUE(r.bootable) << rig.log.dump();
  EXPECT_EQ(r.swap, SwapType::kTest);
  EXPECT_EQ(r.image.version.major, 2);
  r = rig.boot();
  ASSERT_TRUE(r.bootable) << rig.log.dump();
  if (!keeps_revert()) {
    EXPECT_EQ(r.swap, SwapType::kNone);
    EXPECT_EQ(r.image.version.major, 2);
    return;
  }
  EXPECT_EQ(r.swap, SwapType::kRevert) << rig.log.dump();
  EXPECT_EQ(r.image.version.major, 1);
  r = rig.boot();
  EXPECT_EQ(r.swap, SwapType::kNone) << rig.log.dump();
  EXPECT_EQ(r.image.version.major, 1);
  // The rejected image is back in the secondary, whole and where an upgrade expects it.
  Bootloader b = rig.make_bootloader();
  auto again = rig.images.verify(b.secondary_image_area());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->version.major, 2);
}

TEST_P(BootCycle, Log_ExplainsEveryStep) {
  rig.request(UpgradeMode::kTest);
  rig.boot();
  std::printf("%s", rig.log.dump().c_str());
  EXPECT_TRUE(rig.log.contains("decision: test: secondary has an upgrade request"));
  EXPECT_TRUE(rig.log.contains("swap_start: "));
  EXPECT_TRUE(rig.log.contains("booting 2.0.0+0"));
}

TEST_P(BootCycle, Test_Confirmed_StaysOnNewImage) {
  rig.request(UpgradeMode::kTest);
  ASSERT_EQ(rig.boot().image.version.major, 2);
  rig.confirm();
  BootResult r = rig.boot();
  EXPECT_EQ(r.swap, SwapType::kNone) << rig.log.dump();
  EXPECT_EQ(r.image.version.major, 2);
  auto st = read_state(rig.areas.primary, rig.areas.secondary);
  ASSERT_TRUE(st);
  EXPECT_TRUE(st->confirmed);
  EXPECT_FALSE(st->pending);
}

TEST_P(BootCycle, Permanent_NoRevertWithoutConfirm) {
  rig.request(UpgradeMode::kPermanent);
  BootResult r = rig.boot();
  EXPECT_EQ(r.swap, SwapType::kPerm);
  r = rig.boot();
  EXPECT_EQ(r.swap, SwapType::kNone) << rig.log.dump();
  EXPECT_EQ(r.image.version.major, 2);
}

TEST_P(BootCycle, CorruptSecondary_RefusedRequestConsumedPrimaryKept) {
  Bootloader b = rig.make_bootloader();
  std::array<std::byte, 1> zero{};
  ASSERT_TRUE(b.secondary_image_area().write(5000, zero));  // a payload byte changes
  rig.request(UpgradeMode::kTest);
  BootResult r = rig.boot();
  EXPECT_EQ(r.swap, SwapType::kFail);
  EXPECT_EQ(r.image.version.major, 1);
  EXPECT_TRUE(rig.log.contains("secondary image is not valid")) << rig.log.dump();
  EXPECT_TRUE(rig.log.contains("fake image CRC")) << rig.log.dump();
  r = rig.boot();
  EXPECT_EQ(r.swap, SwapType::kNone) << "a refused request must not be retried";
}

TEST_P(BootCycle, ImageLargerThanPrimary_RefusedWithBothSizes) {
  RigGeometry g;
  g.secondary_size = 24 * 4096;  // room for an image the primary cannot take
  BootRig big_rig(GetParam(), g);
  BootRig& rig = big_rig;
  rig.put_primary(v1);
  Bootloader b = rig.make_bootloader();
  const uint32_t max = b.plan()->max_image_size;
  auto big = make_fake_image(std::min(max + 4096, b.secondary_image_area().size), kV2, 3);
  ASSERT_GT(big.size(), max);
  rig.put_secondary(big);
  rig.request(UpgradeMode::kTest);
  BootResult r = rig.boot();
  EXPECT_EQ(r.swap, SwapType::kFail);
  EXPECT_EQ(r.image.version.major, 1);
  EXPECT_TRUE(rig.log.contains("image does not fit the primary slot")) << rig.log.dump();
  EXPECT_TRUE(rig.log.contains("image larger than the primary slot can boot: expected 0x")) << rig.log.dump();
}

TEST_P(BootCycle, Downgrade_RefusedByVersionPolicy) {
  rig.cfg.downgrade = DowngradePolicy::kVersion;
  rig.put_primary(v2);
  rig.put_secondary(v1);
  rig.request(UpgradeMode::kPermanent);
  BootResult r = rig.boot();
  EXPECT_EQ(r.swap, SwapType::kFail);
  EXPECT_EQ(r.image.version.major, 2);
  EXPECT_TRUE(rig.log.contains("downgrade refused (version)")) << rig.log.dump();
}

TEST_P(BootCycle, EmptyPrimary_UpgradeInstallsImage) {
  ASSERT_TRUE(rig.areas.primary.erase(0, rig.areas.primary.size));
  rig.request(UpgradeMode::kTest);
  BootResult r = rig.boot();
  EXPECT_TRUE(r.bootable) << rig.log.dump();
  EXPECT_EQ(r.image.version.major, 2);
}

TEST_P(BootCycle, NothingBootable_HaltsWithReason) {
  ASSERT_TRUE(rig.areas.primary.erase(0, rig.areas.primary.size));
  BootResult r = rig.boot();
  EXPECT_FALSE(r.bootable);
  EXPECT_TRUE(rig.log.contains("no bootable image in the primary slot")) << rig.log.dump();
}

INSTANTIATE_TEST_SUITE_P(AllStrategies, BootCycle,
                         ::testing::Values(Strategy::kOverwrite, Strategy::kSwapScratch, Strategy::kSwapMove,
                                           Strategy::kSwapOffset, Strategy::kSwapPipeline),
                         name_of);

}  // namespace
}  // namespace norboot::boot::testing::boot_cycle_test
