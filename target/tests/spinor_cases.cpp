// The SPI NOR driver on the target, over NorModelBus (an MX25R6435F at the command level, no SFDP):
// probing, the writes that failed the motivating board (shorter than 4 bytes, across pages, from a
// `const` array the DMA cannot read), erase-type choice, block protection and deep power-down.
// Assertions use codes and bytes only, so the suite runs in both configurations (target.spinor with
// diagnostic text, target.product.spinor without).
#include <array>
#include <cstring>

#include "core/bytes.hpp"
#include "harness/check.hpp"
#include "spinor/known_chips.hpp"
#include "spinor/spi_nor.hpp"
#include "support/big_ram.hpp"
#include "support/nor_model_bus.hpp"
#include "support/step_clock.hpp"

namespace norboot::target {
namespace {

NB_BIG_RAM std::array<std::byte, NorModelBus::kSize> g_array;
std::array<std::byte, 300> g_work;

/// Forwards to the model and counts frames with a buffer outside RAM: what an nRF52 SPIM's EasyDMA
/// cannot read (it then sends zeros, reporting success — the trailer-magic failure).
class RamOnlyWatch final : public spinor::SpiBus {
 public:
  explicit RamOnlyWatch(NorModelBus& model) : model_(model) {}
  const spinor::BusRules& rules() const override { return model_.rules(); }
  core::Status transfer(const spinor::SpiFrame& f) override {
    if (!in_ram(f.cmd.data(), f.cmd.size()) || !in_ram(f.tx.data(), f.tx.size())) ++outside_ram;
    return model_.transfer(f);
  }
  uint32_t outside_ram = 0;

 private:
  static bool in_ram(const void* p, size_t n) {
    const auto a = reinterpret_cast<uintptr_t>(p);
    return n == 0 || a >= 0x2000'0000u;  // mps2-an386: code and constants below, SRAM/PSRAM above
  }
  NorModelBus& model_;
};

struct Rig {
  explicit Rig(const spinor::SpiNorConfig& cfg = {}) : model(g_array), bus(model), nor(bus, clock, g_work, cfg) {}
  NorModelBus model;
  RamOnlyWatch bus;
  StepClock clock;
  spinor::SpiNor nor;
};

bool bytes_are(std::span<const std::byte> got, std::span<const std::byte> want) {
  return got.size() == want.size() && std::memcmp(got.data(), want.data(), got.size()) == 0;
}

void probe_without_sfdp_uses_the_known_id_table(Check& c) {
  Rig r;
  NB_ASSERT_OK(c, r.nor.probe());
  NB_EXPECT_EQ(c, r.nor.geometry().size, NorModelBus::kSize);
  NB_EXPECT_EQ(c, r.nor.geometry().sector_count(), NorModelBus::kSize / 4096);
  NB_EXPECT_EQ(c, spinor::jedec_id24(r.nor.chip().jedec_id), 0xC22817u);
  NB_EXPECT_EQ(c, r.nor.address_mode(), spinor::AddressMode::k3Byte);
}

void probe_known_other_part_refused_nothing_sent_that_writes(Check& c) {
  Rig r;
  constexpr spinor::ChipInfo kMx25r32 = spinor::known_part({0xC2, 0x28, 0x16});
  NB_EXPECT_ERRC(c, r.nor.probe_known(kMx25r32), core::Errc::kMismatch);
  NB_EXPECT(c, !r.nor.probed());
  for (uint8_t op : {0x02, 0x20, 0x52, 0xD8, 0xC7, 0x60, 0x01}) NB_EXPECT_EQ(c, r.model.frames(op), 0u);
}

void writes_of_one_two_and_three_bytes_all_reach_the_chip(Check& c) {
  Rig r;
  NB_ASSERT_OK(c, r.nor.probe());
  const std::array<std::byte, 3> v{std::byte{0x11}, std::byte{0x22}, std::byte{0x33}};
  NB_ASSERT_OK(c, r.nor.write(5, std::span(v).first(1)));
  NB_ASSERT_OK(c, r.nor.write(17, std::span(v).first(2)));
  NB_ASSERT_OK(c, r.nor.write(4095, v));  // also crosses a page (and a sector) boundary
  NB_EXPECT(c, bytes_are(std::span(g_array).subspan(5, 1), std::span(v).first(1)));
  NB_EXPECT(c, bytes_are(std::span(g_array).subspan(17, 2), std::span(v).first(2)));
  NB_EXPECT(c, bytes_are(std::span(g_array).subspan(4095, 3), v));
  NB_EXPECT_EQ(c, std::to_integer<uint32_t>(g_array[4]), 0xFFu);
  NB_EXPECT_EQ(c, std::to_integer<uint32_t>(g_array[6]), 0xFFu);
}

void long_write_split_at_page_boundaries(Check& c) {
  Rig r;
  NB_ASSERT_OK(c, r.nor.probe());
  std::array<std::byte, 600> data;
  for (size_t i = 0; i < data.size(); ++i) data[i] = std::byte(static_cast<uint8_t>(i * 7 + 1));
  const uint32_t before = r.model.frames(0x02);
  NB_ASSERT_OK(c, r.nor.write(200, data));
  // 200..256, 256..512, 512..768, 768..800: a program that crossed a page would wrap inside it.
  NB_EXPECT_EQ(c, r.model.frames(0x02) - before, 4u);
  NB_EXPECT(c, bytes_are(std::span(g_array).subspan(200, data.size()), data));
  std::array<std::byte, 600> back{};
  NB_ASSERT_OK(c, r.nor.read(200, back));
  NB_EXPECT(c, bytes_are(back, data));
}

void const_source_in_mcu_flash_bounced_through_ram(Check& c) {
  Rig r;
  NB_ASSERT_OK(c, r.nor.probe());
  static constexpr std::array<std::byte, 16> kMagic{std::byte{0x77}, std::byte{0xC2}, std::byte{0x95}, std::byte{0xF3},
                                                    std::byte{0x60}, std::byte{0xD2}, std::byte{0xEF}, std::byte{0x7F},
                                                    std::byte{0x35}, std::byte{0x52}, std::byte{0x50}, std::byte{0x0F},
                                                    std::byte{0x2C}, std::byte{0xB6}, std::byte{0x79}, std::byte{0x80}};
  NB_EXPECT(c, reinterpret_cast<uintptr_t>(kMagic.data()) < 0x2000'0000u);  // the case needs it in flash
  NB_ASSERT_OK(c, r.nor.write(0x1000 - 16, kMagic));
  NB_EXPECT_EQ(c, r.bus.outside_ram, 0u);
  NB_EXPECT(c, bytes_are(std::span(g_array).subspan(0x1000 - 16, 16), kMagic));
}

void erase_picks_the_largest_aligned_type(Check& c) {
  Rig r;
  NB_ASSERT_OK(c, r.nor.probe());
  std::memset(g_array.data() + 0x10000, 0x00, 0x12000);
  NB_ASSERT_OK(c, r.nor.erase(0x10000, 0x11000));  // 64 KiB + 4 KiB
  NB_EXPECT_EQ(c, r.model.frames(0xD8), 1u);
  NB_EXPECT_EQ(c, r.model.frames(0x20), 1u);
  NB_EXPECT(c, core::all_equal(std::span(g_array).subspan(0x10000, 0x11000), std::byte{0xFF}));
  NB_EXPECT_EQ(c, std::to_integer<uint32_t>(g_array[0x21000]), 0u);  // the sector after: untouched
  NB_EXPECT_ERRC(c, r.nor.erase(0x10800, 0x1000), core::Errc::kMisaligned);
}

/// Sets the model's BP field as a previous firmware (or the factory) could have left it.
void preset_block_protect(NorModelBus& model, uint8_t sr) {
  const std::array<std::byte, 1> wren{std::byte{0x06}}, wrsr{std::byte{0x01}};
  const std::array<std::byte, 1> value{std::byte{sr}};
  (void)model.transfer({.cmd = wren, .tx = {}, .rx = {}});
  (void)model.transfer({.cmd = wrsr, .tx = value, .rx = {}});
}

void block_protected_top_refused_before_anything_is_sent(Check& c) {
  Rig r;
  preset_block_protect(r.model, 0x04);  // BP = 1: the top 64 KiB
  NB_ASSERT_OK(c, r.nor.probe());
  NB_EXPECT_EQ(c, r.nor.protected_range().off, NorModelBus::kSize - 0x10000);
  NB_EXPECT_EQ(c, r.nor.protected_range().len, 0x10000u);
  const uint32_t pp = r.model.frames(0x02), se = r.model.frames(0x20);
  const std::array<std::byte, 4> data{};
  NB_EXPECT_ERRC(c, r.nor.write(NorModelBus::kSize - 4, data), core::Errc::kWriteProtected);
  NB_EXPECT_ERRC(c, r.nor.erase(NorModelBus::kSize - 0x11000, 0x2000), core::Errc::kWriteProtected);
  NB_EXPECT_EQ(c, r.model.frames(0x02), pp);
  NB_EXPECT_EQ(c, r.model.frames(0x20), se);
  NB_EXPECT_OK(c, r.nor.write(0, data));  // below the range: allowed

  Rig cleared({.clear_block_protect = true});
  preset_block_protect(cleared.model, 0x04);
  NB_ASSERT_OK(c, cleared.nor.probe());
  NB_EXPECT_EQ(c, cleared.nor.protected_range().len, 0u);
  NB_EXPECT_EQ(c, cleared.model.status() & 0x3Cu, 0u);
  NB_EXPECT_OK(c, cleared.nor.write(NorModelBus::kSize - 4, data));
}

void deep_power_down_refuses_work_until_exit(Check& c) {
  Rig r;
  NB_ASSERT_OK(c, r.nor.probe());
  NB_ASSERT_OK(c, r.nor.enter_deep_power_down());
  NB_EXPECT(c, r.model.deep_power_down());
  std::array<std::byte, 4> buf{};
  NB_EXPECT_ERRC(c, r.nor.read(0, buf), core::Errc::kBadState);
  NB_ASSERT_OK(c, r.nor.exit_deep_power_down());
  NB_EXPECT(c, !r.model.deep_power_down());
  NB_EXPECT_OK(c, r.nor.read(0, buf));
}

constexpr Case kCases[] = {
    {"SpiNor", "Probe_NoSfdp_KnownIdTableGivesTheGeometry", probe_without_sfdp_uses_the_known_id_table},
    {"SpiNor", "ProbeKnown_OtherPart_RefusedNothingWritten", probe_known_other_part_refused_nothing_sent_that_writes},
    {"SpiNor", "Write_OneTwoThreeBytes_AllReachTheChip", writes_of_one_two_and_three_bytes_all_reach_the_chip},
    {"SpiNor", "Write_600BytesAt200_SplitAtPageBoundaries", long_write_split_at_page_boundaries},
    {"SpiNor", "Write_ConstSourceInMcuFlash_BouncedThroughRam", const_source_in_mcu_flash_bounced_through_ram},
    {"SpiNor", "Erase_64KPlus4K_LargestAlignedTypes", erase_picks_the_largest_aligned_type},
    {"SpiNor", "BlockProtect_TopRange_RefusedBeforeAnythingIsSent", block_protected_top_refused_before_anything_is_sent},
    {"SpiNor", "DeepPowerDown_WorkRefusedUntilExit", deep_power_down_refuses_work_until_exit},
};
const Suite kSuite(kCases);

}  // namespace
}  // namespace norboot::target
