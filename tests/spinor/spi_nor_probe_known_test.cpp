// probe_known(): the probe for a build that names its part. On every preset and both controller
// models it must leave the driver as probe() does (same geometry, identity, erase types and
// addressing), refuse another part's RDID without writing to it, and handle block protection.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model_rig.hpp"
#include "spinor/known_chips.hpp"

namespace norboot::testing::spi_nor_probe_known_test {
namespace {

using sim::NorChipKind;

// The table's ChipInfo is a constant expression (what the boot binary relies on).
constexpr spinor::ChipInfo kMx25r3235f = spinor::known_part({0xC2, 0x28, 0x16});
static_assert(kMx25r3235f.size == 4u << 20 && kMx25r3235f.erase_count == 3);
static_assert(kMx25r3235f.protect.first_unit == 64 * 1024);

std::string text(const core::Status& s) {
  if (s) return "ok";
  std::array<char, 256> buf{};
  core::format_error(s.error(), buf);
  return buf.data();
}

spinor::ChipInfo table_part(sim::NorChipKind kind) {
  const std::optional<spinor::ChipInfo> c = spinor::known_chip(sim::nor_chip_spec(kind).jedec_id);
  EXPECT_TRUE(c) << "every preset is in the known-part table";
  return c.value_or(spinor::ChipInfo{});
}

void expect_same_geometry(const flash::Geometry& a, const flash::Geometry& b) {
  EXPECT_EQ(a.size, b.size);
  EXPECT_EQ(a.write_block, b.write_block);
  EXPECT_EQ(a.page_size, b.page_size);
  EXPECT_EQ(a.erased_value, b.erased_value);
  ASSERT_EQ(a.run_count, b.run_count);
  for (size_t i = 0; i < a.run_count; ++i) {
    EXPECT_EQ(a.runs[i].size, b.runs[i].size) << "run " << i;
    EXPECT_EQ(a.runs[i].count, b.runs[i].count) << "run " << i;
  }
  ASSERT_EQ(a.erase_type_count, b.erase_type_count);
  for (size_t i = 0; i < a.erase_type_count; ++i) EXPECT_EQ(a.erase_sizes[i], b.erase_sizes[i]) << "erase type " << i;
}

// Timings differ by source (SFDP's encodings vs the datasheet table); everything that decides
// which frames the driver sends must not.
void expect_same_part(const spinor::SpiNor& known, const spinor::SpiNor& probed) {
  const spinor::ChipInfo& a = known.chip();
  const spinor::ChipInfo& b = probed.chip();
  EXPECT_EQ(a.source, spinor::ParamSource::kKnownTable);
  EXPECT_EQ(a.jedec_id, b.jedec_id);
  EXPECT_STREQ(a.part_name, b.part_name);
  EXPECT_EQ(a.size, b.size);
  EXPECT_EQ(a.page_size, b.page_size);
  ASSERT_EQ(a.erase_count, b.erase_count);
  for (size_t i = 0; i < a.erase_count; ++i) {
    EXPECT_EQ(a.erase[i].size, b.erase[i].size) << "erase type " << i;
    EXPECT_EQ(a.erase[i].opcode, b.erase[i].opcode) << "erase type " << i;
    EXPECT_EQ(a.erase[i].opcode_4b, b.erase[i].opcode_4b) << "erase type " << i;
  }
  EXPECT_EQ(a.has_deep_power_down, b.has_deep_power_down);
  EXPECT_EQ(a.dp_enter_opcode, b.dp_enter_opcode);
  EXPECT_EQ(a.dp_exit_opcode, b.dp_exit_opcode);
  EXPECT_EQ(a.has_4b_read_program, b.has_4b_read_program);
  EXPECT_EQ(a.protect.mask, b.protect.mask);
  EXPECT_EQ(a.protect.tb_bit, b.protect.tb_bit);
  EXPECT_EQ(a.protect.first_unit, b.protect.first_unit);
  EXPECT_EQ(known.address_mode(), probed.address_mode());
  expect_same_geometry(known.geometry(), probed.geometry());
}

struct KnownCase {
  NorChipKind kind;
  Controller controller;
  const char* name;
};
constexpr KnownCase kCases[] = {{NorChipKind::kMx25r3235f, Controller::kSpim, "MX25R3235F_Spim"},
                                {NorChipKind::kMx25r6435f, Controller::kSpim, "MX25R6435F_Spim"},
                                {NorChipKind::kW25q128jv, Controller::kSpim, "W25Q128JV_Spim"},
                                {NorChipKind::kW25q256jv, Controller::kSpim, "W25Q256JV_Spim"},
                                {NorChipKind::kMx25r3235f, Controller::kQspi, "MX25R3235F_Qspi"},
                                {NorChipKind::kMx25r6435f, Controller::kQspi, "MX25R6435F_Qspi"},
                                {NorChipKind::kW25q128jv, Controller::kQspi, "W25Q128JV_Qspi"},
                                {NorChipKind::kW25q256jv, Controller::kQspi, "W25Q256JV_Qspi"}};

class ProbeKnownPreset : public ::testing::TestWithParam<KnownCase> {};

TEST_P(ProbeKnownPreset, ProbeKnown_TablePart_SameGeometryAndPartAsProbe) {
  ModelRig known(GetParam().kind, {.controller = GetParam().controller});
  ModelRig probed(GetParam().kind, {.controller = GetParam().controller});
  const core::Status s = known.nor.probe_known(table_part(GetParam().kind));
  ASSERT_TRUE(s) << text(s);
  ASSERT_TRUE(probed.nor.probe()) << text(probed.nor.probe());
  EXPECT_TRUE(known.nor.probed());
  expect_same_part(known.nor, probed.nor);
}

TEST_P(ProbeKnownPreset, ProbeKnown_ThenWriteReadEraseAtTheTop_LandsExactly) {
  ModelRig rig(GetParam().kind, {.controller = GetParam().controller});
  ASSERT_TRUE(rig.nor.probe_known(table_part(GetParam().kind)));
  const uint32_t top = rig.nor.geometry().size;
  std::vector<std::byte> d(301);
  for (size_t i = 0; i < d.size(); ++i) d[i] = std::byte(static_cast<uint8_t>(i * 31 + 7));
  const uint32_t off = top - 4096 - 150;  // across a page and a sector edge, above 16 MiB on the 32 MiB part
  ASSERT_TRUE(rig.nor.write(off, d));
  EXPECT_TRUE(std::equal(d.begin(), d.end(), rig.cells().begin() + off));
  std::vector<std::byte> back(d.size());
  ASSERT_TRUE(rig.nor.read(off, back));
  EXPECT_EQ(back, d);
  ASSERT_TRUE(rig.nor.erase(top - 65536, 65536));
  EXPECT_TRUE(std::all_of(rig.cells().end() - 65536, rig.cells().end(), [](std::byte b) { return b == std::byte{0xFF}; }));
  EXPECT_EQ(rig.chip.stats().ignored_malformed + rig.chip.stats().ignored_busy + rig.chip.stats().ignored_no_wel, 0u)
      << "the chip never had to ignore a frame";
}

INSTANTIATE_TEST_SUITE_P(Presets, ProbeKnownPreset, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(SpiNorProbeKnown, ProbeKnown_WrongJedecId_RefusedNamingBothIds) {
  ModelRig rig(NorChipKind::kW25q128jv);
  rig.chip.set_registers({.sr1 = 0x24, .sr2 = 0x02});  // protected: a clear would write the register
  const std::vector<std::byte> before(rig.cells().begin(), rig.cells().end());
  const core::Status s = rig.nor.probe_known(kMx25r3235f);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kMismatch) << text(s);
  EXPECT_NE(text(s).find("JEDEC ID"), std::string::npos) << text(s);
  EXPECT_NE(text(s).find("expected 0xc22816"), std::string::npos) << text(s);
  EXPECT_NE(text(s).find("found 0xef4018"), std::string::npos) << text(s);
  EXPECT_NE(text(s).find("external"), std::string::npos) << text(s);
  EXPECT_FALSE(rig.nor.probed());
  EXPECT_EQ(rig.nor.geometry().size, 0u);
  EXPECT_EQ(rig.chip.registers().sr1, 0x24) << "status register untouched";
  EXPECT_TRUE(std::equal(before.begin(), before.end(), rig.cells().begin())) << "array untouched";
  EXPECT_EQ(rig.chip.stats().ignored_no_wel, 0u);
}

TEST(SpiNorProbeKnown, ProbeKnown_WrongIdThenRightPart_Succeeds) {
  ModelRig rig(NorChipKind::kMx25r3235f);
  ASSERT_FALSE(rig.nor.probe_known(table_part(NorChipKind::kMx25r6435f)));
  const core::Status s = rig.nor.probe_known(kMx25r3235f);
  ASSERT_TRUE(s) << text(s);
  EXPECT_EQ(rig.nor.geometry().size, 4u << 20);
}

TEST(SpiNorProbeKnown, ProbeKnown_BlockProtectLeftSet_RangeRecordedWritesRefused) {
  ModelRig rig(NorChipKind::kMx25r3235f);
  rig.chip.set_registers({.sr1 = 0x08});  // BP = 2: the top 128 KiB
  ASSERT_TRUE(rig.nor.probe_known(kMx25r3235f));
  const uint32_t size = 4u << 20;
  EXPECT_EQ(rig.nor.protected_range().off, size - 0x20000);
  EXPECT_EQ(rig.nor.protected_range().len, 0x20000u);
  const uint64_t frames = rig.chip.stats().frames;
  const std::vector<std::byte> d(4, std::byte{0x5A});
  EXPECT_EQ(rig.nor.write(size - 0x20000, d).error().code, core::Errc::kWriteProtected);
  EXPECT_EQ(rig.chip.stats().frames, frames) << "refused before anything was sent";
  EXPECT_EQ(rig.chip.registers().sr1, 0x08);
}

TEST(SpiNorProbeKnown, ProbeKnown_ClearBlockProtect_RegisterClearedWritesLand) {
  ModelRig rig(NorChipKind::kW25q128jv, {.driver = {.clear_block_protect = true}});
  rig.chip.set_registers({.sr1 = 0x24, .sr2 = 0x02});  // BP = 1 with TB: the bottom 256 KiB
  const core::Status s = rig.nor.probe_known(table_part(NorChipKind::kW25q128jv));
  ASSERT_TRUE(s) << text(s);
  EXPECT_EQ(rig.chip.registers().sr1 & 0x1C, 0);
  EXPECT_EQ(rig.nor.protected_range().len, 0u);
  const std::vector<std::byte> d(16, std::byte{0x3C});
  ASSERT_TRUE(rig.nor.write(0, d));
  EXPECT_TRUE(std::equal(d.begin(), d.end(), rig.cells().begin()));
}

TEST(SpiNorProbeKnown, ProbeKnown_QspiFourBytePart_En4bAsProbeChooses) {
  ModelRig rig(NorChipKind::kW25q256jv, {.controller = Controller::kQspi});
  ASSERT_TRUE(rig.nor.probe_known(table_part(NorChipKind::kW25q256jv)));
  EXPECT_EQ(rig.nor.address_mode(), spinor::AddressMode::k4ByteMode);
  EXPECT_TRUE(rig.chip.four_byte_mode());
}

}  // namespace
}  // namespace norboot::testing::spi_nor_probe_known_test
