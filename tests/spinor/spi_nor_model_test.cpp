// The driver on the simulator's chip and controller models: probe of every preset from its SFDP,
// programs, reads, erases, waits and faults as a real board would show them, warm resets.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model_rig.hpp"

namespace norboot::testing::spi_nor_model_test {
namespace {

using sim::NorChipKind;
constexpr uint64_t kUs = 1000, kMs = 1000 * kUs;

std::string text(const core::Status& s) {
  if (s) return "ok";
  std::array<char, 256> buf{};
  core::format_error(s.error(), buf);
  return buf.data();
}

std::vector<std::byte> pattern(size_t n, uint8_t salt) {
  std::vector<std::byte> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = std::byte(static_cast<uint8_t>(i * 167 + salt * 13 + 5));
  return v;
}

bool cells_equal(ModelRig& rig, uint32_t off, const std::vector<std::byte>& d) {
  auto c = rig.cells();
  return std::equal(d.begin(), d.end(), c.begin() + off);
}

struct PresetCase {
  NorChipKind kind;
  const char* name;
};
constexpr PresetCase kPresets[] = {{NorChipKind::kMx25r3235f, "MX25R3235F"},
                                   {NorChipKind::kMx25r6435f, "MX25R6435F"},
                                   {NorChipKind::kW25q128jv, "W25Q128JV"},
                                   {NorChipKind::kW25q256jv, "W25Q256JV"}};

class SpiNorPreset : public ::testing::TestWithParam<PresetCase> {};

// The SFDP encoders round a typical time up to the next representable value and pick a multiplier
// whose maximum covers the part's, so the driver's times are never below the model's.
void expect_time(uint64_t driver_typ, uint64_t driver_max, const sim::NorTime& model, const char* what) {
  EXPECT_GE(driver_typ, model.typ_ns) << what;
  EXPECT_LE(driver_typ, model.typ_ns + model.typ_ns / 4 + 64 * kUs) << what << ": rounded up, but not far";
  EXPECT_GE(driver_max, model.max_ns) << what;
}

TEST_P(SpiNorPreset, Probe_IdSizePageEraseTypesAndTimesFromSfdp) {
  ModelRig rig(GetParam().kind);
  ASSERT_TRUE(rig.nor.probe()) << text(rig.nor.probe());
  const sim::NorChipSpec& spec = rig.chip.spec();
  const spinor::ChipInfo& c = rig.nor.chip();
  EXPECT_EQ(c.source, spinor::ParamSource::kSfdp);
  EXPECT_EQ(c.jedec_id, spec.jedec_id);
  EXPECT_STREQ(c.part_name, spec.part);
  EXPECT_EQ(c.size, spec.size);
  EXPECT_EQ(rig.nor.geometry().size, spec.size);
  EXPECT_EQ(c.page_size, 256u);
  EXPECT_EQ(rig.nor.geometry().write_block, 1u);
  EXPECT_EQ(rig.nor.geometry().runs[0].size, 4096u);
  ASSERT_GE(c.erase_count, 2);
  EXPECT_EQ(c.erase[0].size, 4096u);
  EXPECT_EQ(c.erase[c.erase_count - 1].size, 65536u);
  EXPECT_EQ(c.erase_count, spec.four_byte && !spec.four_byte_erase32k ? 2 : 3)
      << "with dedicated 4-byte opcodes only the types that have one are kept";
  expect_time(c.erase[0].typ_ns, c.erase[0].max_ns, spec.erase_4k, "4K erase");
  expect_time(c.erase[c.erase_count - 1].typ_ns, c.erase[c.erase_count - 1].max_ns, spec.erase_64k, "64K erase");
  expect_time(c.page_program_typ_ns, c.page_program_max_ns, spec.page_program, "page program");
  expect_time(c.chip_erase_typ_ns, c.chip_erase_max_ns, spec.chip_erase, "chip erase");
  EXPECT_EQ(c.dp_exit_ns >= spec.dp_exit_ns, true);
  EXPECT_EQ(rig.nor.address_mode(),
            spec.size > (16u << 20) ? spinor::AddressMode::k4ByteOpcodes : spinor::AddressMode::k3Byte);
}

TEST_P(SpiNorPreset, WriteReadErase_PatternsAtPageEdgesLandExactly) {
  ModelRig rig(GetParam().kind);
  ASSERT_TRUE(rig.nor.probe());
  const uint32_t top = rig.nor.geometry().size;
  // Ranges never overlap: NOR programs only clear bits, so a second write over the same bytes
  // would AND with the first.
  for (uint32_t off : {1u, 511u, 4093u, top / 2 + 3, top - 300}) {
    const auto d = pattern(300 - (off % 7), static_cast<uint8_t>(off));
    ASSERT_TRUE(rig.nor.write(off, d)) << off;
    EXPECT_TRUE(cells_equal(rig, off, d)) << off;
    std::vector<std::byte> back(d.size());
    ASSERT_TRUE(rig.nor.read(off, back));
    EXPECT_EQ(back, d) << off;
  }
  ASSERT_TRUE(rig.nor.erase(top - 65536, 65536));
  EXPECT_TRUE(std::all_of(rig.cells().end() - 65536, rig.cells().end(), [](std::byte b) { return b == std::byte{0xFF}; }));
  EXPECT_EQ(rig.chip.stats().ignored_malformed + rig.chip.stats().ignored_busy + rig.chip.stats().ignored_no_wel, 0u)
      << "the chip never had to ignore a frame";
}

TEST_P(SpiNorPreset, DeepPowerDown_ThenWarmReset_ProbeWakesThePart) {
  ModelRig rig(GetParam().kind);
  ASSERT_TRUE(rig.nor.probe());
  ASSERT_TRUE(rig.nor.write(0x100, pattern(32, 1)));
  ASSERT_TRUE(rig.nor.enter_deep_power_down());
  ASSERT_TRUE(rig.chip.in_deep_power_down());
  rig.chip.mcu_reset();  // the chip does not see it: it stays asleep
  spinor::SpiNor fresh(rig.faults, rig.clock, rig.work);
  ASSERT_TRUE(fresh.probe()) << text(fresh.probe());
  EXPECT_FALSE(rig.chip.in_deep_power_down());
  std::vector<std::byte> back(32);
  ASSERT_TRUE(fresh.read(0x100, back));
  EXPECT_EQ(back, pattern(32, 1));
}

TEST_P(SpiNorPreset, DeepPowerDown_ExitApi_PartAnswersAgain) {
  ModelRig rig(GetParam().kind);
  ASSERT_TRUE(rig.nor.probe());
  ASSERT_TRUE(rig.nor.enter_deep_power_down());
  EXPECT_TRUE(rig.chip.in_deep_power_down());
  ASSERT_TRUE(rig.nor.exit_deep_power_down());
  EXPECT_FALSE(rig.chip.in_deep_power_down());
  ASSERT_TRUE(rig.nor.write(0, pattern(8, 2)));
  EXPECT_TRUE(cells_equal(rig, 0, pattern(8, 2)));
}

TEST_P(SpiNorPreset, WarmResetDuringErase_ProbeWaitsThenWorks) {
  ModelRig rig(GetParam().kind);
  ASSERT_TRUE(rig.nor.probe());
  ASSERT_TRUE(rig.nor.write(0x10000, pattern(64, 3)));
  ASSERT_TRUE(rig.nor.start_erase(0x10000, 0x10000));
  ASSERT_TRUE(rig.chip.busy());
  rig.chip.mcu_reset();
  spinor::SpiNor fresh(rig.faults, rig.clock, rig.work);
  ASSERT_TRUE(fresh.probe()) << text(fresh.probe());
  EXPECT_FALSE(rig.chip.busy());
  EXPECT_EQ(rig.chip.stats().aborted_by_reset, 0u) << "the reset came after the erase finished";
  EXPECT_TRUE(std::all_of(rig.cells().begin() + 0x10000, rig.cells().begin() + 0x20000,
                          [](std::byte b) { return b == std::byte{0xFF}; }));
}

TEST_P(SpiNorPreset, Timing_MaximumColumnAndSeededDraws_NeverTimeOut) {
  for (sim::NorTiming t : {sim::NorTiming::kMax, sim::NorTiming::kSeededUniform}) {
    ModelRig rig(GetParam().kind, {.chip = {.timing = t, .timing_seed = 7}});
    ASSERT_TRUE(rig.nor.probe());
    ASSERT_TRUE(rig.nor.write(0, pattern(1024, 4))) << text(rig.nor.write(0, pattern(1, 4)));
    ASSERT_TRUE(rig.nor.erase(0, 0x11000));
    EXPECT_TRUE(std::all_of(rig.cells().begin(), rig.cells().begin() + 1024, [](std::byte b) { return b == std::byte{0xFF}; }));
  }
}

INSTANTIATE_TEST_SUITE_P(Presets, SpiNorPreset, ::testing::ValuesIn(kPresets),
                         [](const auto& info) { return std::string(info.param.name); });

// ---- one part, specific behaviour -----------------------------------------------------------

TEST(SpiNorModel, Wait_TypicalTimesFromSfdp_OnePollPerPageOnMx25r) {
  ModelRig rig(NorChipKind::kMx25r3235f);
  ASSERT_TRUE(rig.nor.probe());
  rig.nor.reset_stats();
  const uint64_t busy0 = rig.chip.counters().busy_ns;
  ASSERT_TRUE(rig.nor.write(0, pattern(16 * 256, 5)));
  EXPECT_EQ(rig.nor.stats().program_frames, 16u);
  EXPECT_EQ(rig.nor.stats().status_polls, 16u) << "the first poll after the typical time finds WIP clear";
  EXPECT_EQ(rig.chip.counters().busy_ns - busy0, 16 * 896 * kUs);
  ASSERT_TRUE(rig.nor.write(0x10000, pattern(16, 5)));
  EXPECT_EQ(rig.nor.stats().status_polls, 17u) << "a 16-byte program waits 32 + 15 × 1 µs, then one poll";
}

TEST(SpiNorModel, Read_AcrossTheSpimSegmentLimit_FourFrames) {
  ModelRig rig(NorChipKind::kMx25r3235f);
  ASSERT_TRUE(rig.nor.probe());
  std::vector<std::byte> d = pattern(200000, 6);
  std::copy(d.begin(), d.end(), rig.cells().begin() + 1);
  rig.nor.reset_stats();
  std::vector<std::byte> back(d.size());
  ASSERT_TRUE(rig.nor.read(1, back));
  EXPECT_EQ(back, d);
  EXPECT_EQ(rig.nor.stats().read_frames, 4u);  // 3 × 65535 + 3395
}

TEST(SpiNorModel, Erase_RangeUsesLargestTypesAndChipEraseForTheWhole) {
  ModelRig rig(NorChipKind::kMx25r3235f);
  ASSERT_TRUE(rig.nor.probe());
  rig.chip.counters().reset();
  ASSERT_TRUE(rig.nor.erase(0x1000, 0x30000 - 0x1000));  // 7 × 4K, 32K, 2 × 64K
  EXPECT_EQ(rig.chip.counters().erases, 10u);
  EXPECT_EQ(rig.chip.counters().erase_bytes, 0x2F000u);
  rig.chip.counters().reset();
  const uint64_t t0 = rig.clock.now_ns();
  ASSERT_TRUE(rig.nor.erase(0, 4u << 20));
  EXPECT_EQ(rig.chip.counters().erases, 1u);
  EXPECT_LT(rig.clock.now_ns() - t0, 52'100 * kMs) << "one chip erase at its typical 52 s";
}

TEST(SpiNorModel, StartErase_BusyPollingAdvancesUnitByUnit) {
  ModelRig rig(NorChipKind::kMx25r6435f);
  ASSERT_TRUE(rig.nor.probe());
  rig.chip.counters().reset();
  ASSERT_TRUE(rig.nor.start_erase(0x8000, 0x8000 + 2 * 0x10000));  // 32K, 64K, 64K
  std::vector<uint64_t> erases_seen;
  int polls = 0;
  while (*rig.nor.busy()) {
    erases_seen.push_back(rig.chip.counters().erases);
    rig.clock.sleep_ns(10 * kMs);  // the CPU does other work meanwhile
    ASSERT_LT(++polls, 200);
  }
  EXPECT_EQ(rig.chip.counters().erases, 3u);
  EXPECT_EQ(erases_seen.front(), 0u);
  EXPECT_TRUE(std::find(erases_seen.begin(), erases_seen.end(), 1u) != erases_seen.end());
  EXPECT_TRUE(std::find(erases_seen.begin(), erases_seen.end(), 2u) != erases_seen.end());
  EXPECT_LE(rig.clock.now_ns(), (240 + 480 + 480 + 40) * kMs) << "units follow each other without idling";
}

TEST(SpiNorModel, Timeout_PartNeverClearsWip_TimeoutNamesUnitRestOfRangeUntouched) {
  ModelRig rig(NorChipKind::kMx25r3235f);
  ASSERT_TRUE(rig.nor.probe());
  for (uint32_t s = 0; s < 3; ++s) ASSERT_TRUE(rig.nor.write(s * 4096, pattern(16, 8)));
  rig.faults.stuck_wip_after_erases = 1;
  const uint64_t t0 = rig.clock.now_ns();
  auto s = rig.nor.erase(0, 3 * 4096);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kTimeout) << text(s);
  EXPECT_STREQ(s.error().device, "external");
  EXPECT_EQ(s.error().offset, 0u);
  EXPECT_NE(std::string(s.error().what).find("erase"), std::string::npos);
  EXPECT_EQ(s.error().expected, 384 * kMs * 3 / 2);
  EXPECT_LT(rig.clock.now_ns() - t0, 600 * kMs);
  EXPECT_EQ(rig.faults.erases, 1) << "nothing more was sent to a part that never finished";
  EXPECT_TRUE(cells_equal(rig, 4096, pattern(16, 8)));
  EXPECT_TRUE(cells_equal(rig, 8192, pattern(16, 8)));
}

TEST(SpiNorModel, Wel_PartNeverSetsIt_IoNamesOperationAndOffsetNothingChanged) {
  ModelRig rig(NorChipKind::kMx25r3235f);
  ASSERT_TRUE(rig.nor.probe());
  rig.faults.drop_write_enable = true;
  const std::vector<std::byte> before(rig.cells().begin(), rig.cells().end());
  auto s = rig.nor.write(0x2345, pattern(10, 9));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kIo) << text(s);
  EXPECT_EQ(s.error().offset, 0x2345u);
  EXPECT_NE(std::string(s.error().what).find("page program"), std::string::npos) << text(s);
  auto e = rig.nor.erase(0x3000, 0x1000);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().offset, 0x3000u);
  EXPECT_TRUE(std::equal(before.begin(), before.end(), rig.cells().begin()));
  EXPECT_EQ(rig.chip.stats().ignored_no_wel, 0u) << "the command was never sent without WEL";
}

TEST(SpiNorModel, BlockProtect_LeftSet_RegionRefusedNothingChanged) {
  ModelRig rig(NorChipKind::kMx25r3235f);
  rig.chip.set_registers({.sr1 = 0x08});  // BP = 2: the top 128 KiB
  ASSERT_TRUE(rig.nor.probe());
  const uint32_t size = 4u << 20;
  EXPECT_EQ(rig.nor.protected_range().off, size - 0x20000);
  const std::vector<std::byte> before(rig.cells().begin(), rig.cells().end());
  const uint64_t frames = rig.chip.stats().frames;
  auto s = rig.nor.write(size - 0x20000, pattern(4, 1));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kWriteProtected) << text(s);
  EXPECT_EQ(rig.nor.erase(size - 0x21000, 0x2000).error().code, core::Errc::kWriteProtected);
  EXPECT_EQ(rig.chip.stats().frames, frames);
  EXPECT_TRUE(std::equal(before.begin(), before.end(), rig.cells().begin()));
  ASSERT_TRUE(rig.nor.write(size - 0x20000 - 4, pattern(4, 1)));
  EXPECT_TRUE(cells_equal(rig, size - 0x20000 - 4, pattern(4, 1)));
}

TEST(SpiNorModel, BlockProtect_ClearAtProbe_RegisterClearedWritesLand) {
  ModelRig rig(NorChipKind::kW25q128jv, {.driver = {.clear_block_protect = true}});
  rig.chip.set_registers({.sr1 = 0x24, .sr2 = 0x02});  // BP = 1 with TB: the bottom 256 KiB
  ASSERT_TRUE(rig.nor.probe()) << text(rig.nor.probe());
  EXPECT_EQ(rig.chip.registers().sr1 & 0x1C, 0);
  EXPECT_EQ(rig.nor.protected_range().len, 0u);
  ASSERT_TRUE(rig.nor.write(0, pattern(16, 2)));
  EXPECT_TRUE(cells_equal(rig, 0, pattern(16, 2)));
}

TEST(SpiNorModel, BlockProtect_WinbondTopOrBottom_DriverAgreesWithThePart) {
  ModelRig rig(NorChipKind::kW25q128jv);
  rig.chip.set_registers({.sr1 = 0x24, .sr2 = 0x02});
  ASSERT_TRUE(rig.nor.probe());
  EXPECT_EQ(rig.nor.protected_range().off, 0u);
  EXPECT_EQ(rig.nor.protected_range().len, 256u * 1024);
  EXPECT_EQ(rig.nor.write(0x3FFFC, pattern(4, 1)).error().code, core::Errc::kWriteProtected);
  ASSERT_TRUE(rig.nor.write(0x40000, pattern(4, 1)));
  EXPECT_TRUE(cells_equal(rig, 0x40000, pattern(4, 1)));
  EXPECT_EQ(rig.chip.stats().ignored_protected, 0u);
}

TEST(SpiNorModel, FourByte_AboveSixteenMiB_DedicatedOpcodesChipStaysIn3ByteMode) {
  ModelRig rig(NorChipKind::kW25q256jv);
  ASSERT_TRUE(rig.nor.probe());
  const uint32_t high = (24u << 20) + 0x123;
  ASSERT_TRUE(rig.nor.write(high, pattern(600, 3)));
  EXPECT_TRUE(cells_equal(rig, high, pattern(600, 3)));
  EXPECT_TRUE(std::all_of(rig.cells().begin() + (high & 0xFFFFFF), rig.cells().begin() + (high & 0xFFFFFF) + 600,
                          [](std::byte b) { return b == std::byte{0xFF}; }))
      << "nothing landed 16 MiB lower (a 3-byte address would have)";
  std::vector<std::byte> back(600);
  ASSERT_TRUE(rig.nor.read(high, back));
  EXPECT_EQ(back, pattern(600, 3));
  ASSERT_TRUE(rig.nor.erase(24u << 20, 0x10000));
  EXPECT_TRUE(std::all_of(rig.cells().begin() + (24u << 20), rig.cells().begin() + (24u << 20) + 0x10000,
                          [](std::byte b) { return b == std::byte{0xFF}; }));
  EXPECT_FALSE(rig.chip.four_byte_mode());
}

TEST(SpiNorModel, FourByte_En4bPreferred_ModeSurvivesWarmResetThenCleanProbe) {
  ModelRig rig(NorChipKind::kW25q256jv, {.driver = {.prefer_4byte_opcodes = false}});
  ASSERT_TRUE(rig.nor.probe());
  EXPECT_EQ(rig.nor.address_mode(), spinor::AddressMode::k4ByteMode);
  EXPECT_TRUE(rig.chip.four_byte_mode());
  const uint32_t high = (20u << 20) + 5;
  ASSERT_TRUE(rig.nor.write(high, pattern(40, 4)));
  EXPECT_TRUE(cells_equal(rig, high, pattern(40, 4)));
  rig.chip.mcu_reset();
  ASSERT_TRUE(rig.chip.four_byte_mode()) << "EN4B is volatile but survives an MCU reset";
  spinor::SpiNor fresh(rig.faults, rig.clock, rig.work);  // SFDP on this part follows the mode
  ASSERT_TRUE(fresh.probe()) << text(fresh.probe());
  EXPECT_EQ(fresh.geometry().size, 32u << 20);
  std::vector<std::byte> back(40);
  ASSERT_TRUE(fresh.read(high, back));
  EXPECT_EQ(back, pattern(40, 4));
}

TEST(SpiNorModel, FourByte_ModeLeftByOtherFirmware_ResetBeforeSfdpThenCleanProbe) {
  ModelRig rig(NorChipKind::kW25q256jv);
  const std::byte en4b{0xB7};
  ASSERT_TRUE(rig.controller->transfer({.cmd = std::span(&en4b, 1), .tx = {}, .rx = {}}));  // as Zephyr 3.7 leaves it
  rig.chip.mcu_reset();
  ASSERT_TRUE(rig.chip.four_byte_mode());
  ASSERT_TRUE(rig.nor.probe()) << text(rig.nor.probe());
  EXPECT_FALSE(rig.chip.four_byte_mode());
  EXPECT_EQ(rig.nor.chip().source, spinor::ParamSource::kSfdp) << "SFDP read correctly, not the fallback";
  EXPECT_EQ(rig.nor.address_mode(), spinor::AddressMode::k4ByteOpcodes);
}

}  // namespace
}  // namespace norboot::testing::spi_nor_model_test
