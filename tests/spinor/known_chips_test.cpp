// The built-in part table and the block-protect ranges it implies.
#include "spinor/known_chips.hpp"

#include <gtest/gtest.h>

namespace norboot::testing::known_chips_test {
namespace {

using spinor::protect_rule;
using spinor::protected_range;
constexpr std::array<uint8_t, 3> kMx3235{0xC2, 0x28, 0x16}, kW128{0xEF, 0x40, 0x18}, kW256{0xEF, 0x40, 0x19};

TEST(KnownChips, Mx25r3235f_TableGeometry) {
  auto c = spinor::known_chip(kMx3235);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->size, 4u << 20);
  EXPECT_EQ(c->erase_count, 3);
  EXPECT_EQ(c->source, spinor::ParamSource::kKnownTable);
  EXPECT_FALSE(spinor::known_chip({0x01, 0x02, 0x03}));
}

TEST(KnownChips, Macronix_BpCountsUpFromTheTop) {
  const auto r = protect_rule(kMx3235);
  EXPECT_EQ(protected_range(r, 0x00, 4u << 20).len, 0u);
  EXPECT_EQ(protected_range(r, 0x04, 4u << 20).off, (4u << 20) - 65536);  // BP = 1
  EXPECT_EQ(protected_range(r, 0x0C, 4u << 20).len, 4u * 65536);          // BP = 3
  EXPECT_EQ(protected_range(r, 0x3C, 4u << 20).len, 4u << 20);            // BP = 15: all
  EXPECT_EQ(protected_range(r, 0x83, 4u << 20).len, 0u) << "SRWD, WEL, WIP are not BP bits";
}

TEST(KnownChips, Winbond_TbBitMovesTheRangeToTheBottom) {
  EXPECT_EQ(protected_range(protect_rule(kW128), 0x04, 16u << 20).off, (16u << 20) - 256 * 1024);
  const auto bottom = protected_range(protect_rule(kW128), 0x24, 16u << 20);
  EXPECT_EQ(bottom.off, 0u);
  EXPECT_EQ(bottom.len, 256u * 1024);
  EXPECT_EQ(protected_range(protect_rule(kW256), 0x44, 32u << 20).off, 0u);
  EXPECT_EQ(protected_range(protect_rule(kW256), 0x20, 32u << 20).len, 128u * 65536)
      << "BP3 is SR bit 5 here: BP = 8 protects the upper 2^(8-1) 64 KiB blocks";
}

TEST(KnownChips, UnknownPart_AnyBpBitProtectsEverything) {
  const auto r = protect_rule({0x12, 0x34, 0x56});
  EXPECT_EQ(protected_range(r, 0x04, 1u << 20).len, 1u << 20);
  EXPECT_EQ(protected_range(r, 0x00, 1u << 20).len, 0u);
}

TEST(KnownChips, ProtectedRange_Overlaps) {
  const spinor::ProtectedRange p{0x1000, 0x1000};
  EXPECT_TRUE(p.overlaps(0x1FFF, 1));
  EXPECT_TRUE(p.overlaps(0x0FFF, 2));
  EXPECT_FALSE(p.overlaps(0x0FFF, 1));
  EXPECT_FALSE(p.overlaps(0x2000, 10));
  EXPECT_FALSE(p.overlaps(0x1000, 0));
}

}  // namespace
}  // namespace norboot::testing::known_chips_test
