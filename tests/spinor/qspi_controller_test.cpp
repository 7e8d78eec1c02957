// The nRF52840 QSPI controller model (sim/qspi_controller.hpp): what it refuses and why, what a
// frame costs in virtual time, and the norboot driver on it — every preset probed, sub-word
// writes and unaligned reads, and the nrf52840dk-mx25r6435f board built over it.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "model_rig.hpp"
#include "sim/board.hpp"
#include "sim/host_memory.hpp"
#include "sim/qspi_controller.hpp"

namespace norboot::testing::qspi_controller_test {
namespace {

using sim::NorChipKind;
using sim::QspiController;

// A table in the executable's read-only segment: MCU flash to the DMA rules.
const uint8_t kRomWord[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};

std::string text(const core::Status& s) {
  if (s) return "ok";
  std::array<char, 256> buf{};
  core::format_error(s.error(), buf);
  return buf.data();
}

struct QspiRig {
  explicit QspiRig(NorChipKind kind = NorChipKind::kMx25r6435f, sim::QspiConfig cfg = {})
      : chip(sim::nor_chip_spec(kind), power), qspi(chip, power, cfg) {}

  core::Status send(std::vector<std::byte> cmd, std::span<const std::byte> tx, std::span<std::byte> rx) {
    cmd_ = std::move(cmd);
    return qspi.transfer({.cmd = cmd_, .tx = tx, .rx = rx});
  }
  static std::vector<std::byte> addressed(uint8_t op, uint32_t addr, int dummy = 0) {
    std::vector<std::byte> c{std::byte{op}, std::byte(static_cast<uint8_t>(addr >> 16)),
                             std::byte(static_cast<uint8_t>(addr >> 8)), std::byte(static_cast<uint8_t>(addr))};
    for (int i = 0; i < dummy; ++i) c.push_back(std::byte{0});
    return c;
  }
  core::Status wren() { return send({std::byte{0x06}}, {}, {}); }

  sim::VirtualClock clock;
  sim::PowerDomain power{clock};
  sim::SpiNorChip chip;
  QspiController qspi;
  std::vector<std::byte> cmd_;
};

TEST(QspiController, Rules_TellTheDriverAlignmentShortFramesAndRamOnly) {
  QspiRig r;
  const spinor::BusRules& rules = r.qspi.rules();
  EXPECT_EQ(rules.data_align, 4u);
  EXPECT_EQ(rules.buffer_align, 4u);
  EXPECT_EQ(rules.max_short_frame, 8u);
  EXPECT_EQ(rules.max_segment, 0xFFFFCu);
  EXPECT_TRUE(rules.dma_ram_only);
  EXPECT_EQ(rules.clock_hz, 32'000'000u);
}

TEST(QspiController, Clock_OnlyDivisionsOf32MHz) {
  sim::VirtualClock clock;
  sim::PowerDomain power{clock};
  sim::SpiNorChip chip(sim::nor_chip_spec(NorChipKind::kMx25r6435f), power);
  EXPECT_NO_THROW(QspiController(chip, power, {.name = "qspi", .clock_hz = 8'000'000, .frame_overhead_ns = 0}));
  EXPECT_NO_THROW(QspiController(chip, power, {.name = "qspi", .clock_hz = 1'000'000, .frame_overhead_ns = 0}));
  EXPECT_THROW(QspiController(chip, power, {.name = "qspi", .clock_hz = 64'000'000, .frame_overhead_ns = 0}),
               std::invalid_argument);
  EXPECT_THROW(QspiController(chip, power, {.name = "qspi", .clock_hz = 12'000'000, .frame_overhead_ns = 0}),
               std::invalid_argument);
}

TEST(QspiController, Write_UnalignedAddress_RefusedNamingAddressChipUntouched) {
  QspiRig r;
  alignas(4) std::array<std::byte, 4> data{};
  ASSERT_TRUE(r.wren());
  const core::Status s = r.send(QspiRig::addressed(0x02, 0x1002), data, {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kMisaligned);
  EXPECT_EQ(s.error().offset, 0x1002u);
  EXPECT_EQ(s.error().found, 0x1002u);
  EXPECT_NE(text(s).find("address not a multiple of 4"), std::string::npos) << text(s);
  EXPECT_EQ(r.qspi.stats().refused, 1u);
  EXPECT_FALSE(r.chip.busy());
  EXPECT_EQ(r.chip.bytes()[0x1002], std::byte{0xFF});
}

TEST(QspiController, Write_LengthNotMultipleOf4_RefusedNamingLength) {
  QspiRig r;
  alignas(4) std::array<std::byte, 8> data{};
  ASSERT_TRUE(r.wren());
  const core::Status s = r.send(QspiRig::addressed(0x02, 0x1000), std::span(data).first(6), {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kMisaligned);
  EXPECT_EQ(s.error().offset, 0x1000u);
  EXPECT_EQ(s.error().found, 6u);
  EXPECT_NE(text(s).find("length not a multiple of 4"), std::string::npos) << text(s);
  EXPECT_EQ(r.chip.bytes()[0x1000], std::byte{0xFF});
}

TEST(QspiController, Read_UnalignedAddressOrLength_Refused) {
  QspiRig r;
  alignas(4) std::array<std::byte, 8> out{};
  const core::Status a = r.send(QspiRig::addressed(0x0B, 0x11, 1), {}, out);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, core::Errc::kMisaligned);
  EXPECT_EQ(a.error().offset, 0x11u);
  const core::Status b = r.send(QspiRig::addressed(0x0B, 0x10, 1), {}, std::span(out).first(5));
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().found, 5u);
  EXPECT_TRUE(r.send(QspiRig::addressed(0x0B, 0x10, 1), {}, out));
  EXPECT_EQ(r.qspi.stats().read_tasks, 1u);
}

TEST(QspiController, Write_SourceInMcuFlash_RefusedLikeNrfxNothingProgrammed) {
  QspiRig r;
  ASSERT_TRUE(sim::in_mcu_flash(kRomWord, sizeof kRomWord)) << "the test's premise: a const table is MCU flash";
  ASSERT_TRUE(r.wren());
  const core::Status s = r.send(QspiRig::addressed(0x02, 0x2000), std::as_bytes(std::span(kRomWord)), {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kInvalidArgument);
  EXPECT_EQ(s.error().expected, QspiController::kRamBase);
  EXPECT_NE(text(s).find("EasyDMA reads RAM only"), std::string::npos) << text(s);
  EXPECT_EQ(r.chip.bytes()[0x2000], std::byte{0xFF});
}

TEST(QspiController, Write_UnalignedRamPointer_Refused) {
  QspiRig r;
  alignas(4) std::array<std::byte, 12> data{};
  ASSERT_TRUE(r.wren());
  const core::Status s = r.send(QspiRig::addressed(0x02, 0x0), std::span(data).subspan(1, 8), {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kMisaligned);
  EXPECT_NE(text(s).find("not word-aligned"), std::string::npos) << text(s);
}

TEST(QspiController, CustomInstruction_AtMostEightDataBytes) {
  QspiRig r;
  std::array<std::byte, 8> rx{};
  // RDSFDP: 3 address + 1 dummy + 4 data = 8 — fits; one more data byte does not.
  EXPECT_TRUE(r.send(QspiRig::addressed(0x5A, 0, 1), {}, std::span(rx).first(4)));
  EXPECT_EQ(rx[0], std::byte{0x53});  // 'S' of "SFDP"
  const core::Status s = r.send(QspiRig::addressed(0x5A, 0, 1), {}, std::span(rx).first(5));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kInvalidArgument);
  EXPECT_EQ(s.error().expected, 8u);
  EXPECT_EQ(s.error().found, 9u);
  // A plain 0x03 READ is no READOC the peripheral can issue: a custom instruction, so short.
  std::vector<std::byte> big(16);
  EXPECT_FALSE(r.send(QspiRig::addressed(0x03, 0), {}, big));
  // The CPU copies custom-instruction data through registers: a const source is fine.
  EXPECT_TRUE(r.send({std::byte{0x06}}, {}, {}));
  EXPECT_TRUE(r.send({std::byte{0x01}}, std::as_bytes(std::span(kRomWord)).first(1), {}));  // WRSR 0x11
}

TEST(QspiController, Time_ClocksByLineModeAt32MHz) {
  QspiRig r;
  alignas(4) std::array<std::byte, 256> buf{};
  const uint64_t t0 = r.clock.now_ns();
  ASSERT_TRUE(r.send(QspiRig::addressed(0x0B, 0, 1), {}, buf));
  // 1-1-1: (1 + 3 + 1 + 256) bytes × 8 clocks at 31.25 ns.
  EXPECT_EQ(r.clock.now_ns() - t0, uint64_t{261} * 8 * 1'000'000'000 / 32'000'000);
  const std::vector<std::byte> quad = QspiRig::addressed(0xEB, 0, 3);
  // 1-4-4: 8 opcode clocks + (3 + 3) × 2 + 256 × 2.
  EXPECT_EQ(r.qspi.frame_ns({.cmd = quad, .tx = {}, .rx = buf}), (uint64_t{8} + 12 + 512) * 1'000'000'000 / 32'000'000);
}

TEST(QspiController, PowerCutDuringFrame_NothingReachesTheChip) {
  QspiRig r;
  alignas(4) std::array<std::byte, 256> data{};
  ASSERT_TRUE(r.wren());
  r.power.arm({.at_time_ns = r.clock.now_ns() + 1'000});
  const core::Status s = r.send(QspiRig::addressed(0x02, 0x0), data, {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kPowerLost);
  EXPECT_EQ(r.chip.bytes()[0], std::byte{0xFF});
}

// The norboot driver on the QSPI model, every preset, default configuration: the bus rules say the
// peripheral cannot issue the dedicated 4-byte opcodes, so the 32 MiB part goes through EN4B.
struct QspiPreset {
  NorChipKind kind;
  const char* name;
};
class SpiNorOnQspi : public ::testing::TestWithParam<QspiPreset> {};

ModelRigOptions qspi_options() {
  ModelRigOptions o;
  o.controller = Controller::kQspi;
  return o;
}

TEST_P(SpiNorOnQspi, ProbeThenSubWordWritesAndUnalignedReads_LandExactly) {
  ModelRig rig(GetParam().kind, qspi_options());
  ASSERT_TRUE(rig.nor.probe()) << text(rig.nor.probe());
  EXPECT_EQ(rig.nor.chip().jedec_id, rig.chip.spec().jedec_id);
  EXPECT_EQ(rig.nor.chip().size, rig.chip.spec().size);
  // Every length 1..9 at every offset inside a word, a page edge among them.
  std::vector<std::byte> want(rig.chip.spec().size > 0x20000 ? 0x20000 : rig.chip.spec().size, std::byte{0xFF});
  uint32_t at = 0x10F0;
  for (uint32_t len = 1; len <= 9; ++len) {
    for (uint32_t lead = 0; lead < 4; ++lead, at += 16) {
      std::vector<std::byte> d(len);
      for (uint32_t i = 0; i < len; ++i) d[i] = std::byte(static_cast<uint8_t>(at + i * 29));
      ASSERT_TRUE(rig.nor.write(at + lead, d)) << "len " << len << " lead " << lead;
      std::copy(d.begin(), d.end(), want.begin() + at + lead);
    }
  }
  auto cells = rig.cells();
  ASSERT_TRUE(std::equal(want.begin() + 0x1000, want.begin() + at + 16, cells.begin() + 0x1000));
  for (uint32_t off = 0x10F0; off < 0x1100; ++off) {
    std::vector<std::byte> back(7);
    ASSERT_TRUE(rig.nor.read(off, back));
    EXPECT_TRUE(std::equal(back.begin(), back.end(), want.begin() + off)) << off;
  }
}

INSTANTIATE_TEST_SUITE_P(Presets, SpiNorOnQspi,
                         ::testing::Values(QspiPreset{NorChipKind::kMx25r3235f, "MX25R3235F"},
                                           QspiPreset{NorChipKind::kMx25r6435f, "MX25R6435F"},
                                           QspiPreset{NorChipKind::kW25q128jv, "W25Q128JV"},
                                           QspiPreset{NorChipKind::kW25q256jv, "W25Q256JV"}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(QspiController, DedicatedFourByteRead_NoReadoc_RefusedAsLongCustomInstruction) {
  QspiRig r(NorChipKind::kW25q256jv);
  alignas(4) std::array<std::byte, 16> out{};
  const std::vector<std::byte> cmd{std::byte{0x0C}, std::byte{0}, std::byte{0}, std::byte{0}, std::byte{0}, std::byte{0}};
  const core::Status s = r.send(cmd, {}, out);
  ASSERT_FALSE(s);
  EXPECT_NE(text(s).find("custom instruction"), std::string::npos) << text(s);
  EXPECT_FALSE(r.qspi.rules().four_byte_opcodes);
}

TEST(SpiNorOnQspi, FourBytePart_BusRulesSteerTheDriverToEn4b) {
  ModelRig rig(NorChipKind::kW25q256jv, qspi_options());
  ASSERT_TRUE(rig.nor.probe()) << text(rig.nor.probe());
  EXPECT_EQ(rig.nor.address_mode(), spinor::AddressMode::k4ByteMode);
  EXPECT_TRUE(rig.chip.four_byte_mode());
  const std::array<std::byte, 3> d{std::byte{1}, std::byte{2}, std::byte{3}};
  const uint32_t high = (24u << 20) + 1;  // above 16 MiB, not word-aligned
  ASSERT_TRUE(rig.nor.write(high, d));
  EXPECT_TRUE(std::equal(d.begin(), d.end(), rig.cells().begin() + high));
  std::array<std::byte, 3> back{};
  ASSERT_TRUE(rig.nor.read(high, back));
  EXPECT_EQ(back, d);
}

TEST(SpiNorOnQspi, Board_Nrf52840dkPreset_BuildsProbesAndWritesTwoBytes) {
  const auto spec = sim::find_board("nrf52840dk-mx25r6435f");
  ASSERT_TRUE(spec.has_value());
  auto board = sim::Board::create(*spec);
  ASSERT_TRUE(board) << text(core::Status(std::unexpected(board.error())));
  sim::Board& b = **board;
  EXPECT_EQ(b.bus().rules().data_align, 4u);
  EXPECT_EQ(b.bus().rules().clock_hz, 32'000'000u);
  const std::array<uint8_t, 3> id{0xC2, 0x28, 0x17};
  EXPECT_EQ(b.external().chip().jedec_id, id);
  const std::array<std::byte, 2> two{std::byte{0x12}, std::byte{0x34}};
  ASSERT_TRUE(b.external().write(0xF5FFE, two));
  EXPECT_EQ(b.chip().bytes()[0xF5FFE], std::byte{0x12});
  EXPECT_EQ(b.chip().bytes()[0xF5FFF], std::byte{0x34});
  EXPECT_EQ(b.chip().bytes()[0xF5FFD], std::byte{0xFF});
}

}  // namespace
}  // namespace norboot::testing::qspi_controller_test
