// layout check: the boot core's arithmetic applied to maps — the motivating layout is refused with
// the numbers a user needs, every preset's default passes, and each structural fault is named.
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "boot/slot_plan.hpp"
#include "tools/layout/layout_check.hpp"
#include "tools/layout/layout_files.hpp"

namespace norboot::tools::layout::layout_check_test {
namespace {

namespace fs = std::filesystem;
using boot::Strategy;

std::string fixture(const std::string& name) {
  return (fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "layout" / name).string();
}

const sim::BoardSpec* board(std::string_view name) {
  for (const sim::BoardSpec& b : sim::kBoards) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

CheckOptions on(std::string_view name) {
  CheckOptions o;
  o.board = board(name);
  return o;
}

CheckReport check_files(std::vector<std::string> files, CheckOptions opt) {
  std::vector<std::string> paths;
  for (const auto& f : files) paths.push_back(fixture(f));
  auto layouts = read_layout_files({paths, {}, opt.board});
  EXPECT_TRUE(layouts) << layouts.error().describe();
  if (!layouts) return {};
  return check_layouts(std::move(*layouts), opt);
}

/// A map given directly: areas as (name, device, off, size).
LayoutDesc map(std::vector<std::tuple<std::string, std::string_view, uint64_t, uint64_t>> areas) {
  LayoutDesc l;
  l.kind = SourceKind::kBoardJson;
  l.file = "test.json";
  for (auto& [name, dev, off, size] : areas) {
    AreaDesc a;
    a.name = name;
    a.role = role_from_name(name);
    a.device = std::string(dev);
    a.off = off;
    a.size = size;
    a.from = {l.file, name, 0};
    l.areas.push_back(a);
  }
  return l;
}

DeviceDesc device(std::string_view id, uint64_t size, std::optional<uint32_t> erase, std::optional<uint32_t> write, bool bits) {
  DeviceDesc d;
  d.id = std::string(id);
  d.name = std::string(id);
  d.size = size;
  d.erase_block = erase;
  d.write_block = write;
  d.size_in_bits = bits;
  return d;
}

const Finding* find(const CheckReport& r, std::string_view code) {
  for (const Finding& f : r.findings.all()) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

std::string all_findings(const CheckReport& r) {
  std::string s;
  for (const Finding& f : r.findings.all()) s += std::string(severity_name(f.severity)) + " " + f.code + ": " + f.message + "\n";
  return s;
}

TEST(LayoutCheck, MotivatingLayout_RefusedWithTheNumbersAUserNeeds) {
  CheckOptions opt;
  opt.board = board("nrf52833-mx25r3235f");
  opt.strategy = Strategy::kSwapMove;
  opt.image = ImageInput{300292, "app_update.bin", "file size"};
  const CheckReport r = check_files({"motivating.overlay"}, opt);
  ASSERT_TRUE(r.refused()) << all_findings(r);
  const Finding* f = find(r, "image_too_large");
  ASSERT_NE(f, nullptr) << all_findings(r);
  // The numbers come from the boot core's plan for these exact areas.
  const StrategyRow* row = r.chosen();
  ASSERT_NE(row, nullptr);
  ASSERT_TRUE(row->ok);
  EXPECT_EQ(row->plan.max_image_size, 51u * 4096);  // 53 sectors - 1 spare (swap-move) - 1 trailer
  const std::string n = std::to_string(row->plan.max_image_size);
  EXPECT_EQ(f->message, "slot0_partition (0x35000) and slot1_partition (0x73000) differ; with swap-move the largest bootable image is " +
                            n + " bytes; app_update.bin is 300292 bytes (file size)");
  ASSERT_TRUE(r.image_needs.has_value());
  EXPECT_GE(r.image_needs->primary_size, 300292u);
  EXPECT_NE(f->hint.find("slot0_partition ≥ 0x4c000"), std::string::npos) << f->hint;
  EXPECT_NE(f->where.where.find("partition@c000"), std::string::npos);
}

TEST(LayoutCheck, MotivatingLayout_ImageNeedsAreEnoughAndMinimal) {
  CheckOptions opt;
  opt.board = board("nrf52833-mx25r3235f");
  opt.strategy = Strategy::kSwapMove;
  opt.image = ImageInput{300292, "app_update.bin", "file size"};
  const CheckReport r = check_files({"motivating.overlay"}, opt);
  ASSERT_TRUE(r.image_needs.has_value());
  // Re-plan with the suggested sizes: the image fits; one sector less and it does not.
  const ResolvedDevice* in = r.devices.find(kInternal);
  const ResolvedDevice* ex = r.devices.find(kExternal);
  const flash::Area p{in->flash.get(), 0xC000, r.image_needs->primary_size, "p"};
  const flash::Area s{ex->flash.get(), 0, r.image_needs->secondary_size, "s"};
  auto plan = boot::plan_slots(Strategy::kSwapMove, p, s, nullptr, 8);
  ASSERT_TRUE(plan);
  EXPECT_GE(plan->max_image_size, 300292u);
  const flash::Area p_less{in->flash.get(), 0xC000, r.image_needs->primary_size - 4096, "p"};
  const flash::Area s_more{ex->flash.get(), 0, 0x100000, "s"};
  auto smaller = boot::plan_slots(Strategy::kSwapMove, p_less, s_more, nullptr, 8);
  ASSERT_TRUE(smaller);
  EXPECT_LT(smaller->max_image_size, 300292u);
  const flash::Area s_less{ex->flash.get(), 0, r.image_needs->secondary_size - 4096, "s"};
  auto short_secondary = boot::plan_slots(Strategy::kSwapMove, p, s_less, nullptr, 8);
  EXPECT_TRUE(!short_secondary || short_secondary->max_image_size < 300292u);
}

TEST(LayoutCheck, MotivatingLayout_WithoutImage_WarnsSlotsDifferAndMcubootWouldRefuse) {
  CheckOptions opt;
  opt.board = board("nrf52833-mx25r3235f");
  opt.strategy = Strategy::kSwapMove;
  const CheckReport r = check_files({"motivating.overlay"}, opt);
  EXPECT_FALSE(r.refused()) << all_findings(r);
  const Finding* f = find(r, "slot_size_mismatch");
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_EQ(f->severity, Severity::kWarning);
  EXPECT_NE(f->message.find("slot0_partition (0x35000) and slot1_partition (0x73000) differ"), std::string::npos);
  EXPECT_NE(f->message.find("sector counts 53 and 115"), std::string::npos) << f->message;
  EXPECT_NE(find(r, "free_space"), nullptr);
}

TEST(LayoutCheck, StrategyTable_HasEveryStrategyFromPlanSlots) {
  CheckOptions opt;
  opt.board = board("nrf52833-mx25r3235f");
  const CheckReport r = check_files({"nrf52833-mx25r3235f.overlay"}, opt);
  ASSERT_EQ(r.strategies.size(), boot::kStrategyTable.size());
  const ResolvedDevice* in = r.devices.find(kInternal);
  const ResolvedDevice* ex = r.devices.find(kExternal);
  const flash::Area p{in->flash.get(), 0xC000, 0x74000, "p"};
  const flash::Area s{ex->flash.get(), 0, 0x76000, "s"};
  const flash::Area c{ex->flash.get(), 0x76000, 0x1000, "c"};
  for (const StrategyRow& row : r.strategies) {
    auto plan = boot::plan_slots(row.strategy, p, s, &c, 8);
    ASSERT_EQ(row.ok, plan.has_value()) << boot::strategy_name(row.strategy);
    if (plan) {
      EXPECT_EQ(row.plan.max_image_size, plan->max_image_size) << boot::strategy_name(row.strategy);
    }
  }
  // swap-pipeline's secondary is exactly what the preset gives it: two sectors beyond the primary.
  EXPECT_EQ(r.chosen()->strategy, Strategy::kSwapPipeline);
  EXPECT_EQ(r.chosen()->secondary_needed, 0x76000u);
  EXPECT_EQ(r.strategies[static_cast<size_t>(Strategy::kSwapScratch)].scratch_needed, 0x1000u);
}

TEST(LayoutCheck, EveryPresetDefault_PassesInEveryFormat) {
  for (const sim::BoardSpec& b : sim::kBoards) {
    for (const std::string ext : {".overlay", ".pm_static.yml", ".board.json"}) {
      CheckOptions opt;
      opt.board = &b;
      const CheckReport r = check_files({std::string(b.name) + ext}, opt);
      EXPECT_FALSE(r.refused()) << b.name << ext << "\n" << all_findings(r);
      ASSERT_NE(r.chosen(), nullptr) << b.name << ext;
      EXPECT_TRUE(r.chosen()->ok) << b.name << ext;
      EXPECT_EQ(r.strategy, b.default_strategy);
    }
  }
}

TEST(LayoutCheck, PresetDefaults_AgreeWithBoardSpec) {
  for (const sim::BoardSpec& b : sim::kBoards) {
    CheckOptions opt;
    opt.board = &b;
    const CheckReport r = check_files({std::string(b.name) + ".overlay", std::string(b.name) + ".pm_static.yml"}, opt);
    EXPECT_FALSE(find(r, "maps_disagree")) << b.name << "\n" << all_findings(r);
    for (const sim::AreaSpec& spec : b.areas) {
      const AreaDesc* a = r.effective().find(role_from_name(spec.name));
      ASSERT_NE(a, nullptr) << spec.name;
      EXPECT_EQ(a->off, spec.off) << b.name << " " << spec.name;
      EXPECT_EQ(a->size, spec.size) << b.name << " " << spec.name;
    }
  }
}

TEST(LayoutCheck, BoardJsonNamingOnlyAPreset_UsesItsDefaultLayout) {
  LayoutDesc l;
  l.kind = SourceKind::kBoardJson;
  l.file = "board.json";
  l.board = "nrf52840dk-mx25r6435f";
  const CheckReport r = check_layouts({l}, {});
  EXPECT_EQ(r.board, "nrf52840dk-mx25r6435f");
  EXPECT_FALSE(r.refused()) << all_findings(r);
  ASSERT_NE(r.effective().find(Role::kPrimary), nullptr);
  EXPECT_EQ(r.effective().find(Role::kPrimary)->size, 0xF4000u);
}

TEST(LayoutCheck, DevicetreeAndPmStaticDisagree_ListsEveryDifferenceAndPmWins) {
  CheckOptions opt;
  opt.board = board("nrf52833-mx25r3235f");
  const CheckReport r = check_files({"motivating.overlay", "motivating.pm_static.yml"}, opt);
  EXPECT_EQ(r.effective().kind, SourceKind::kPmStatic);
  std::vector<const Finding*> diffs;
  for (const Finding& f : r.findings.all()) {
    if (f.code == "maps_disagree") diffs.push_back(&f);
  }
  // primary size, secondary size differ (errors); scratch only in the devicetree (warning).
  ASSERT_EQ(diffs.size(), 3u) << all_findings(r);
  EXPECT_EQ(diffs[0]->severity, Severity::kError);
  EXPECT_NE(diffs[0]->message.find("size 0x35000 vs 0x74000"), std::string::npos) << diffs[0]->message;
  EXPECT_NE(diffs[1]->message.find("size 0x73000 vs 0x74000"), std::string::npos) << diffs[1]->message;
  EXPECT_EQ(diffs[2]->severity, Severity::kWarning);
  EXPECT_NE(diffs[2]->message.find("scratch area is only in"), std::string::npos);
  const Finding* wins = find(r, "pm_static_wins");
  ASSERT_NE(wins, nullptr);
  EXPECT_NE(wins->message.find("3 difference(s)"), std::string::npos);
  EXPECT_NE(wins->message.find("motivating.pm_static.yml"), std::string::npos);
  // The checked map is pm_static.yml's: its equal 0x74000 slots.
  EXPECT_EQ(r.effective().find(Role::kPrimary)->size, 0x74000u);
}

TEST(LayoutCheck, Overlap_ErrorNamesBothAreasAndBytes) {
  const CheckReport r = check_layouts(
      {map({{"boot", kInternal, 0, 0xC000}, {"primary", kInternal, 0xB000, 0x74000}, {"secondary", kExternal, 0, 0x76000}})},
      on("nrf52833-mx25r3235f"));
  const Finding* f = find(r, "overlap");
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_EQ(f->severity, Severity::kError);
  EXPECT_NE(f->message.find("boot (0x000000..0x00c000) and primary (0x00b000..0x07f000) overlap by 0x1000 bytes"), std::string::npos)
      << f->message;
}

TEST(LayoutCheck, SlotsOverlappingEachOther_RefusedByPlanToo) {
  const CheckReport r = check_layouts({map({{"primary", kInternal, 0xC000, 0x40000}, {"secondary", kInternal, 0x40000, 0x40000}})},
                                      on("nrf52833-mx25r3235f"));
  EXPECT_TRUE(r.refused());
  EXPECT_NE(find(r, "overlap"), nullptr);
  EXPECT_NE(find(r, "strategy_refuses"), nullptr) << all_findings(r);
}

TEST(LayoutCheck, AreaPastTheChip_ErrorNamesEndAndChipSize) {
  const CheckReport r = check_layouts(
      {map({{"primary", kInternal, 0xC000, 0x74000}, {"secondary", kExternal, 0x3F0000, 0x76000}})}, on("nrf52833-mx25r3235f"));
  const Finding* f = find(r, "outside_device");
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_NE(f->message.find("ends at 0x466000, past the end of the external flash (MX25R3235F, 0x400000 bytes)"), std::string::npos)
      << f->message;
  EXPECT_TRUE(r.strategies.empty());
}

TEST(LayoutCheck, MisalignedSlot_ErrorNamesTheSector) {
  const CheckReport r = check_layouts(
      {map({{"primary", kInternal, 0xC200, 0x73E00}, {"secondary", kExternal, 0, 0x76000}})}, on("nrf52833-mx25r3235f"));
  const Finding* f = find(r, "misaligned");
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_EQ(f->severity, Severity::kError);
  EXPECT_NE(f->message.find("starts at 0x00c200, inside the nRF52833 internal flash sector 0x00c000..0x00d000"), std::string::npos)
      << f->message;
}

TEST(LayoutCheck, UnevenSectors_MisalignmentUsesTheRealSector) {
  // STM32F4: 0x10000..0x20000 is one 64 KiB sector; a primary starting at 0x18000 splits it.
  const CheckReport r = check_layouts(
      {map({{"primary", kInternal, 0x18000, 0xE8000}, {"secondary", kExternal, 0, 0x100000}})}, on("stm32f4-w25q128jv"));
  const Finding* f = find(r, "misaligned");
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_NE(f->message.find("sector 0x010000..0x020000"), std::string::npos) << f->message;
  EXPECT_NE(f->hint.find("0x10000"), std::string::npos);
}

TEST(LayoutCheck, MissingSlots_ErrorsWithDialectHints) {
  const CheckReport r = check_layouts({map({{"boot", kInternal, 0, 0xC000}})}, on("nrf52833-mx25r3235f"));
  ASSERT_EQ(r.findings.count(Severity::kError), 2u) << all_findings(r);
  EXPECT_NE(find(r, "missing_area")->hint.find("\"primary\""), std::string::npos);
  CheckOptions opt;
  opt.board = board("nrf52833-mx25r3235f");
  auto dt = read_layout_files({{fixture("nrf52833-mx25r3235f.overlay")}, {}, opt.board});
  ASSERT_TRUE(dt);
  std::erase_if((*dt)[0].areas, [](const AreaDesc& a) { return a.role == Role::kSecondary; });
  const CheckReport r2 = check_layouts(std::move(*dt), opt);
  EXPECT_NE(find(r2, "missing_area")->hint.find("slot1_partition"), std::string::npos);
}

TEST(LayoutCheck, SwapScratchWithoutScratch_RefusedWithWhatWorksInstead) {
  CheckOptions opt;
  opt.board = board("nrf52833-mx25r3235f");
  opt.strategy = Strategy::kSwapScratch;
  const CheckReport r = check_layouts({map({{"primary", kInternal, 0xC000, 0x74000}, {"secondary", kExternal, 0, 0x76000}})}, opt);
  EXPECT_TRUE(r.refused());
  const Finding* f = find(r, "strategy_refuses");
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_NE(f->message.find("swap-scratch needs a scratch area"), std::string::npos) << f->message;
  EXPECT_NE(f->hint.find("swap-pipeline (largest image"), std::string::npos) << f->hint;
}

TEST(LayoutCheck, SecondaryTooSmall_WarnsWithTheSizeNeeded) {
  const CheckReport r = check_layouts({map({{"primary", kInternal, 0xC000, 0x74000}, {"secondary", kExternal, 0, 0x50000}})},
                                      on("nrf52833-mx25r3235f"));
  EXPECT_FALSE(r.refused()) << all_findings(r);
  const Finding* f = find(r, "secondary_too_small");
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_NE(f->hint.find("0x76000"), std::string::npos) << f->hint;
  EXPECT_LT(r.chosen()->plan.max_image_size, r.chosen()->full_image);
}

TEST(LayoutCheck, WriteBlockBeyondMaxAlign_TrailerCannotBeWritten) {
  // nRF52840 writes 4-byte words; a made-up device with 16-byte writes needs max-align 16.
  LayoutDesc l = map({{"primary", kInternal, 0x10000, 0x70000}, {"secondary", kExternal, 0, 0x80000}});
  l.devices.push_back(device(kInternal, 0x80000, 0x4000, 16, false));
  l.devices.push_back(device(kExternal, 0x400000, std::nullopt, std::nullopt, true));
  const CheckReport r8 = check_layouts({l}, {});
  EXPECT_TRUE(r8.refused()) << all_findings(r8);
  EXPECT_NE(find(r8, "strategy_refuses")->message.find("write block larger than the trailer max align"), std::string::npos);
  CheckOptions opt;
  opt.max_align = 16;
  EXPECT_FALSE(check_layouts({l}, opt).refused());
}

TEST(LayoutCheck, ImageThatFits_NoteSaysHowMuchIsLeft) {
  CheckOptions opt;
  opt.board = board("nrf52833-mx25r3235f");
  opt.image = ImageInput{300292, "app_update.bin", "file size"};
  const CheckReport r = check_files({"nrf52833-mx25r3235f.overlay"}, opt);
  EXPECT_FALSE(r.refused()) << all_findings(r);
  const Finding* f = find(r, "image_fits");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find(std::to_string(r.chosen()->plan.max_image_size - 300292) + " bytes to spare"), std::string::npos);
}

TEST(LayoutCheck, UnknownGeometryWithoutBoard_AsksForBoard) {
  const CheckReport r = check_files({"nrf52833-mx25r3235f.pm_static.yml"}, {});
  EXPECT_TRUE(r.refused());
  const Finding* f = find(r, "device_unknown");
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_NE(f->hint.find("--board"), std::string::npos);
}

TEST(LayoutCheck, PmStaticBesideFullDevicetree_TakesGeometryFromTheDevicetree) {
  const CheckReport r = check_files({"motivating-board.dts", "nrf52833-mx25r3235f.pm_static.yml"}, {});
  EXPECT_FALSE(r.refused()) << all_findings(r);
  EXPECT_EQ(r.devices.find(kExternal)->geometry.size, 4u << 20);
}

TEST(LayoutCheck, SizeWrittenInBytesInsteadOfBits_HintExplainsTheUnit) {
  LayoutDesc l = map({{"primary", kInternal, 0xC000, 0x74000}, {"secondary", kExternal, 0, 0x76000},
                      {"storage", kExternal, 0x100000, 0x100000}});
  l.kind = SourceKind::kDevicetree;
  l.devices.push_back(device(kInternal, 0x80000, 0x1000, 4, false));
  l.devices.push_back(device(kExternal, 0x400000 / 8, std::nullopt, std::nullopt, true));  // size = <0x400000>
  const CheckReport r = check_layouts({l}, {});
  const Finding* f = find(r, "outside_device");
  ASSERT_NE(f, nullptr) << all_findings(r);
  EXPECT_NE(f->hint.find("in bits"), std::string::npos) << f->hint;
  EXPECT_NE(f->hint.find("<0x2000000>"), std::string::npos) << f->hint;
}

TEST(LayoutCheck, PmSpansAndPads_AreNotOverlapsOrMisalignments) {
  CheckOptions opt;
  opt.board = board("nrf52833-mx25r3235f");
  const CheckReport r = check_files({"nrf52833-mx25r3235f.pm_static.yml"}, opt);
  EXPECT_EQ(find(r, "overlap"), nullptr) << all_findings(r);
  EXPECT_EQ(find(r, "misaligned"), nullptr) << all_findings(r);
}

}  // namespace
}  // namespace norboot::tools::layout::layout_check_test
