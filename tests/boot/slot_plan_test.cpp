// The layout arithmetic every tool shares, on the motivating board and on uneven geometry.
#include "boot/slot_plan.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "boot/stage_plan.hpp"
#include "flash/ram_flash.hpp"

namespace norboot::boot::slot_plan_test {
namespace {

struct Devices {
  flash::Geometry int_geo = flash::Geometry::uniform(4096, 128, 4);   // nRF52833: 512 KiB
  flash::Geometry ext_geo = flash::Geometry::uniform(4096, 1024, 1);  // MX25R3235F: 4 MiB
  std::vector<std::byte> a = std::vector<std::byte>(int_geo.size), b = std::vector<std::byte>(ext_geo.size);
  flash::RamFlash internal{"internal", int_geo, a};
  flash::RamFlash external{"external", ext_geo, b};
};

TEST(SlotPlan, MotivatingBoardPipeline_TwoSectorsSlackFullCapacity) {
  Devices d;
  flash::Area p{&d.internal, 0xC000, 0x74000, "primary"};
  flash::Area s{&d.external, 0, 0x76000, "secondary"};
  auto plan = plan_slots(Strategy::kSwapPipeline, p, s, nullptr, 8);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->secondary_offset, 0x2000u);
  EXPECT_EQ(plan->unit_count, 115u) << "116 sectors, one for the trailer";
  EXPECT_EQ(plan->max_image_size, 115u * 4096);
  EXPECT_EQ(plan->primary_trailer_off, 0x73000u);
  EXPECT_EQ(plan->stage_count(74), 75u);
}

TEST(SlotPlan, SecondaryWithoutSlack_CapacityShrinksBySlack) {
  Devices d;
  flash::Area p{&d.internal, 0xC000, 0x74000, "primary"};
  flash::Area s{&d.external, 0, 0x74000, "secondary"};
  EXPECT_EQ(plan_slots(Strategy::kSwapPipeline, p, s, nullptr, 8)->max_image_size, 113u * 4096);
  EXPECT_EQ(plan_slots(Strategy::kSwapOffset, p, s, nullptr, 8)->max_image_size, 114u * 4096);
  EXPECT_EQ(plan_slots(Strategy::kSwapMove, p, s, nullptr, 8)->max_image_size, 114u * 4096) << "one spare unit";
}

TEST(SlotPlan, SeedLayout_0x35000Primary_CannotHold300KB) {
  Devices d;
  flash::Area p{&d.internal, 0xC000, 0x35000, "primary"};
  flash::Area s{&d.external, 0, 0x73000, "secondary"};
  for (Strategy st : {Strategy::kSwapMove, Strategy::kSwapScratch, Strategy::kSwapOffset, Strategy::kSwapPipeline}) {
    flash::Area c{&d.external, 0x73000, 0x73000, "scratch"};
    auto plan = plan_slots(st, p, s, &c, 8);
    ASSERT_TRUE(plan) << strategy_name(st);
    EXPECT_LT(plan->max_image_size, 300292u) << strategy_name(st);
    EXPECT_LE(plan->max_image_size, 0x34000u);
  }
}

TEST(SlotPlan, NonUniformPrimary_SwapMoveRefusedWithSizes) {
  flash::Geometry g;
  g.size = 0x100000;
  g.write_block = 1;
  g.runs = {flash::SectorRun{0x4000, 4}, flash::SectorRun{0x10000, 1}, flash::SectorRun{0x20000, 7}};
  g.run_count = 3;
  std::vector<std::byte> mem(g.size);
  flash::RamFlash stm("internal", g, mem);
  Devices d;
  flash::Area p{&stm, 0x8000, 0x78000, "primary"};  // 16K, 16K, 64K, 128K, 128K, 128K
  flash::Area s{&d.external, 0, 0x100000, "secondary"};
  auto move = plan_slots(Strategy::kSwapMove, p, s, nullptr, 8);
  ASSERT_FALSE(move);
  EXPECT_EQ(move.error().code, core::Errc::kUnsupported);
  EXPECT_EQ(move.error().expected, 0x4000u);
  EXPECT_EQ(move.error().found, 0x10000u);
  auto pipe = plan_slots(Strategy::kSwapPipeline, p, s, nullptr, 8);
  ASSERT_TRUE(pipe);
  EXPECT_EQ(pipe->secondary_offset, 0x40000u) << "two of the largest neighbouring sectors";
  EXPECT_EQ(pipe->unit_count, 5u) << "the last 128K sector holds the trailer";
  auto offset = plan_slots(Strategy::kSwapOffset, p, s, nullptr, 8);
  ASSERT_TRUE(offset);
  EXPECT_EQ(offset->secondary_offset, 0x20000u);
}

TEST(SlotPlan, SecondaryEraseUnitLargerThanPrimarySector_Misaligned) {
  Devices d;
  flash::Geometry big = flash::Geometry::uniform(0x10000, 64, 1);  // 64 KiB-only erase
  std::vector<std::byte> mem(big.size);
  flash::RamFlash ext("external", big, mem);
  flash::Area p{&d.internal, 0xC000, 0x74000, "primary"};
  flash::Area s{&ext, 0, 0x80000, "secondary"};
  auto plan = plan_slots(Strategy::kSwapOffset, p, s, nullptr, 8);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, core::Errc::kMisaligned);
  EXPECT_TRUE(plan_slots(Strategy::kOverwrite, p, s, nullptr, 8)) << "overwrite only reads the secondary";
}

TEST(SlotPlan, ScratchSmallerThanSector_TooLarge) {
  Devices d;
  flash::Area p{&d.internal, 0xC000, 0x74000, "primary"};
  flash::Area s{&d.external, 0, 0x74000, "secondary"};
  EXPECT_EQ(plan_slots(Strategy::kSwapScratch, p, s, nullptr, 8).error().code, core::Errc::kNotFound);
}

TEST(SlotPlan, WriteBlockAboveMaxAlign_Unsupported) {
  flash::Geometry g = flash::Geometry::uniform(4096, 16, 16);
  std::vector<std::byte> mem(g.size);
  flash::RamFlash dev("internal", g, mem);
  Devices d;
  flash::Area p{&dev, 0, 0x8000, "primary"};
  flash::Area s{&d.external, 0, 0x8000, "secondary"};
  EXPECT_EQ(plan_slots(Strategy::kOverwrite, p, s, nullptr, 8).error().code, core::Errc::kUnsupported);
  EXPECT_TRUE(plan_slots(Strategy::kOverwrite, p, s, nullptr, 16));
}

TEST(StagePlan, PipelineStages_OverlapOnlyDisjointRegions) {
  // For every stage the two moves must not write what the other reads, and no stage may read a
  // region an earlier stage of the same swap overwrote before its content was installed.
  Devices d;
  flash::Area p{&d.internal, 0xC000, 0x74000, "primary"};
  flash::Area s{&d.external, 0, 0x76000, "secondary"};
  auto plan = plan_slots(Strategy::kSwapPipeline, p, s, nullptr, 8);
  for (Direction dir : {Direction::kUpgrade, Direction::kRevert}) {
    StagePlan sp(*plan, {&p, &s, nullptr}, dir, 74, 74 * 4096);
    for (uint32_t i = 0; i < sp.stage_count(); ++i) {
      Stage st = sp.stage(i);
      if (st.count < 2) continue;
      const Move& a = st.moves[0];
      const Move& b = st.moves[1];
      EXPECT_EQ(a.dst, &p);
      EXPECT_EQ(b.dst, &s);
      EXPECT_TRUE(a.src_off + a.len <= b.dst_off || b.dst_off + b.len <= a.src_off) << "stage " << i;
    }
  }
}

}  // namespace
}  // namespace norboot::boot::slot_plan_test
