// The SPI NOR chip model, command by command (sim/spi_nor_chip.hpp).
#include "sim/spi_nor_chip.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "nor_rig.hpp"

namespace norboot::sim::spi_nor_chip_test {
namespace {

using testing::bytes;
using testing::NorRig;
using testing::pattern;

constexpr uint8_t kWip = 0x01, kWel = 0x02;

bool all_ff(const std::vector<std::byte>& v) {
  return std::all_of(v.begin(), v.end(), [](std::byte b) { return b == std::byte{0xFF}; });
}

TEST(SpiNorChip, Read_ErasedChip_AllFF) {
  NorRig r(NorChipKind::kMx25r3235f);
  EXPECT_TRUE(all_ff(r.read(0x1234, 64)));
  EXPECT_TRUE(r.last.has_value());
}

TEST(SpiNorChip, FastRead_SkipsOneDummyByte) {
  NorRig r(NorChipKind::kMx25r6435f);
  r.program(0x100, pattern(8));
  r.finish();
  auto c = r.addressed(0x0B, 0x100);
  c.push_back(std::byte{0});
  EXPECT_EQ(r.frame(c, 8), pattern(8));
}

TEST(SpiNorChip, Read_DataClockedDuringTx_IsLost) {
  NorRig r(NorChipKind::kMx25r6435f);
  r.program(0x0, pattern(8));
  r.finish();
  // Two tx bytes after the address: data bytes 0 and 1 go by while the controller still transmits.
  auto rx = r.frame(r.addressed(0x03, 0x0), 4, bytes({0, 0}));
  const auto p = pattern(8);
  EXPECT_EQ(rx, std::vector<std::byte>(p.begin() + 2, p.begin() + 6));
}

TEST(SpiNorChip, Read_PastEnd_WrapsToStart) {
  NorRig r(NorChipKind::kMx25r3235f);
  r.program(0x0, bytes({0x11, 0x22}));
  r.finish();
  auto rx = r.read((4u << 20) - 2, 4);
  EXPECT_EQ(rx, bytes({0xFF, 0xFF, 0x11, 0x22}));
}

TEST(SpiNorChip, PageProgram_WithoutWren_IgnoredSilently) {
  NorRig r(NorChipKind::kMx25r3235f);
  r.frame(r.addressed(0x02, 0x0), 0, pattern(16));
  EXPECT_TRUE(r.last.has_value());
  EXPECT_EQ(r.rdsr() & (kWip | kWel), 0);
  EXPECT_TRUE(all_ff(r.read(0, 16)));
  EXPECT_EQ(r.chip.stats().ignored_no_wel, 1u);
}

TEST(SpiNorChip, PageProgram_WelStaysUntilDoneThenClears) {
  NorRig r(NorChipKind::kMx25r3235f);
  r.program(0x0, pattern(16));
  EXPECT_EQ(r.rdsr() & (kWip | kWel), kWip | kWel);
  r.finish();
  EXPECT_EQ(r.rdsr() & (kWip | kWel), 0);
  EXPECT_EQ(r.read(0, 16), pattern(16));
}

TEST(SpiNorChip, PageProgram_OnlyClearsBits) {
  NorRig r(NorChipKind::kW25q128jv);
  r.program(0x10, bytes({0xF0, 0x0F, 0xAA}));
  r.finish();
  r.program(0x10, bytes({0x3C, 0xFF, 0x55}));
  r.finish();
  EXPECT_EQ(r.read(0x10, 3), bytes({0x30, 0x0F, 0x00}));
}

TEST(SpiNorChip, PageProgram_CrossingPageEnd_WrapsToPageStart) {
  NorRig r(NorChipKind::kMx25r6435f);
  const auto data = pattern(32);
  r.program(0x1F0, data);
  r.finish();
  EXPECT_EQ(r.read(0x1F0, 16), std::vector<std::byte>(data.begin(), data.begin() + 16));
  EXPECT_EQ(r.read(0x100, 16), std::vector<std::byte>(data.begin() + 16, data.end()));
  EXPECT_TRUE(all_ff(r.read(0x200, 16)));  // the next page is untouched
}

TEST(SpiNorChip, PageProgram_MoreThan256Bytes_OnlyLast256Latched) {
  NorRig r(NorChipKind::kW25q128jv);
  const auto data = pattern(300, 3);
  r.program(0x400, data);
  r.finish();
  // Byte i lands at column i mod 256; bytes 0..43 were overwritten in the latch by 256..299.
  const auto page = r.read(0x400, 256);
  for (size_t col = 0; col < 256; ++col) {
    const size_t i = col < 44 ? col + 256 : col;
    ASSERT_EQ(page[col], data[i]) << "column " << col;
  }
  EXPECT_EQ(r.chip.counters().program_bytes, 256u);
}

TEST(SpiNorChip, PageProgram_RxPhase_ProgramsOverReadBytesAsFF) {
  NorRig r(NorChipKind::kMx25r6435f);
  r.program(0x0, bytes({0x00, 0x00}));
  r.finish();
  r.wren();
  r.frame(r.addressed(0x02, 0x2), 2, bytes({0x12}));  // 1 tx byte + 2 over-read 0xFF bytes
  r.finish();
  EXPECT_EQ(r.read(0x0, 5), bytes({0x00, 0x00, 0x12, 0xFF, 0xFF}));
}

TEST(SpiNorChip, Busy_OnlyStatusReadsAnswered) {
  NorRig r(NorChipKind::kMx25r3235f);
  r.program(0x0, pattern(4));
  ASSERT_TRUE(r.chip.busy());
  EXPECT_TRUE(all_ff(r.read(0x0, 4)));  // READ ignored while busy: MISO stays high
  r.frame(bytes({0x04}));               // WRDI ignored
  EXPECT_EQ(r.rdsr() & kWel, kWel);
  r.erase(0x20, 0x0);                   // a second operation is ignored too
  EXPECT_GE(r.chip.stats().ignored_busy, 3u);
  r.finish();
  EXPECT_EQ(r.read(0x0, 4), pattern(4));
  EXPECT_EQ(r.chip.counters().erases, 0u);
}

TEST(SpiNorChip, Busy_Mx25rProgramTime_FirstBytePlusEachFurtherByte) {
  NorRig r(NorChipKind::kMx25r6435f);
  r.program(0x0, pattern(16));
  EXPECT_EQ(r.chip.busy_until_ns(), 32'000u + 15 * 1'000u);
  r.finish();
  r.program(0x100, pattern(256));
  EXPECT_EQ(r.chip.busy_until_ns() - r.clock.now_ns(), 896'000u);
}

TEST(SpiNorChip, Busy_WinbondProgramTime_IsTppForAnyLength) {
  NorRig r(NorChipKind::kW25q128jv);
  r.program(0x0, pattern(16));
  EXPECT_EQ(r.chip.busy_until_ns(), 400'000u);
  r.clock.sleep_ns(399'999);
  EXPECT_TRUE(r.chip.busy());
  r.clock.sleep_ns(1);
  EXPECT_FALSE(r.chip.busy());
}

TEST(SpiNorChip, Timing_MaxColumn_UsesMaximumTimes) {
  NorRig r(NorChipKind::kMx25r6435f, {.timing = NorTiming::kMax});
  r.erase(0x20, 0x0);
  EXPECT_EQ(r.chip.busy_until_ns(), 384'000'000u);
}

TEST(SpiNorChip, Timing_SeededUniform_BetweenColumnsAndReproducible) {
  auto durations = [](uint64_t seed) {
    NorRig r(NorChipKind::kW25q128jv, {.timing = NorTiming::kSeededUniform, .timing_seed = seed});
    std::vector<uint64_t> d;
    for (int i = 0; i < 5; ++i) {
      const uint64_t t0 = r.clock.now_ns();
      r.erase(0x20, 0x1000 * i);
      d.push_back(r.chip.busy_until_ns() - t0);
      r.finish();
    }
    return d;
  };
  const auto a = durations(5);
  EXPECT_EQ(a, durations(5));
  EXPECT_NE(a, durations(6));
  for (uint64_t d : a) {
    EXPECT_GE(d, 45'000'000u);
    EXPECT_LE(d, 400'000'000u);
  }
}

struct EraseCase {
  uint8_t opcode;
  uint32_t size;
};
class SpiNorChipErase : public ::testing::TestWithParam<EraseCase> {};

TEST_P(SpiNorChipErase, Erase_TruncatesAddressToUnitAndSetsFF) {
  const EraseCase c = GetParam();
  NorRig r(NorChipKind::kMx25r6435f);
  const uint32_t base = 0x20000;  // aligned for every unit
  for (uint32_t off = base - 256; off < base + c.size + 256; off += 256) r.program(off, pattern(256)), r.finish();
  r.erase(c.opcode, base + c.size / 2 + 3);
  r.finish();
  EXPECT_TRUE(all_ff(r.read(base, c.size)));
  EXPECT_EQ(r.read(base - 256, 256), pattern(256));
  EXPECT_EQ(r.read(base + c.size, 256), pattern(256));
  const auto& sectors = r.chip.counters().sector_erases;
  EXPECT_EQ(static_cast<uint32_t>(std::count(sectors.begin(), sectors.end(), 1u)), c.size / 4096);
  EXPECT_EQ(sectors[base / 4096], 1u);
  EXPECT_EQ(r.chip.counters().erase_bytes, c.size);
}
INSTANTIATE_TEST_SUITE_P(Units, SpiNorChipErase,
                         ::testing::Values(EraseCase{0x20, 4096}, EraseCase{0x52, 32768}, EraseCase{0xD8, 65536}));

TEST(SpiNorChip, ChipErase_BothOpcodesEraseEverything) {
  for (uint8_t opcode : {0x60, 0xC7}) {
    NorRig r(NorChipKind::kMx25r3235f);
    r.program(0x0, pattern(4));
    r.program(0x3FFF00, pattern(4));
    r.finish();
    r.wren();
    r.frame(bytes({opcode}));
    EXPECT_EQ(r.chip.busy_until_ns() - r.clock.now_ns(), 52'000'000'000u);
    r.finish();
    EXPECT_TRUE(all_ff(r.read(0x0, 4)));
    EXPECT_TRUE(all_ff(r.read(0x3FFF00, 4)));
    EXPECT_EQ(r.chip.counters().max_sector_erases(), 1u);
  }
}

TEST(SpiNorChip, Erase_WithTwoAddressBytes_Ignored) {
  NorRig r(NorChipKind::kMx25r3235f);
  r.program(0x0, pattern(4));
  r.finish();
  r.erase(0x20, 0x0, 2);
  EXPECT_FALSE(r.chip.busy());
  EXPECT_EQ(r.read(0x0, 4), pattern(4));
  EXPECT_EQ(r.chip.stats().ignored_malformed, 1u);
  EXPECT_EQ(r.rdsr() & kWel, kWel);  // not consumed by the ignored frame
}

TEST(SpiNorChip, WrenWithTrailingByte_Ignored) {
  NorRig r(NorChipKind::kW25q128jv);
  r.frame(bytes({0x06, 0x00}));
  EXPECT_EQ(r.rdsr() & kWel, 0);
  r.frame(bytes({0x06}));
  EXPECT_EQ(r.rdsr() & kWel, kWel);
  r.frame(bytes({0x04}));
  EXPECT_EQ(r.rdsr() & kWel, 0);
}

TEST(SpiNorChip, UnknownOpcode_IgnoredAnswersFF) {
  NorRig r(NorChipKind::kMx25r3235f);
  EXPECT_TRUE(all_ff(r.frame(bytes({0x77}), 3)));
  EXPECT_EQ(r.chip.stats().ignored_malformed, 1u);
}

TEST(SpiNorChip, ReadId_AnswersPresetId) {
  for (const NorChipSpec& spec : nor_chip_specs()) {
    NorRig r(spec.kind);
    const auto id = r.frame(bytes({0x9F}), 4);
    EXPECT_EQ(id, bytes({spec.jedec_id[0], spec.jedec_id[1], spec.jedec_id[2], 0x00})) << spec.part;
  }
}

TEST(SpiNorChip, Rdsr_RepeatsInOneFrame_AndShowsWipFallingMidFrame) {
  NorRig r(NorChipKind::kW25q128jv);
  r.program(0x0, pattern(4));  // 400 µs
  EXPECT_EQ(r.frame(bytes({0x05}), 3), bytes({kWip | kWel, kWip | kWel, kWip | kWel}));
  // A frame of 1 + 9 bytes (50 µs each) from 100 µs to 600 µs: status byte i is clocked out by
  // 100 + (i + 2) × 50 µs, so the bytes from 400 µs on show the program finished.
  r.clock.sleep_ns(600'000);
  std::vector<std::byte> rx(9);
  ASSERT_TRUE(r.chip.frame(bytes({0x05}), {}, rx, 500'000).has_value());
  for (size_t i = 0; i < rx.size(); ++i) {
    const bool done = 100'000 + (i + 2) * 50'000 >= 400'000;
    EXPECT_EQ(rx[i], std::byte(done ? 0 : kWip | kWel)) << "status byte " << i;
  }
}

TEST(SpiNorChip, CommandDuringFrameStartWhileBusy_IgnoredEvenIfDoneByCsHigh) {
  NorRig r(NorChipKind::kW25q128jv);
  r.program(0x0, pattern(4));       // busy until 400 µs
  r.clock.sleep_ns(410'000);        // CS# fell at 300 µs, rose at 410 µs
  std::vector<std::byte> rx(4);
  ASSERT_TRUE(r.chip.frame(r.addressed(0x03, 0x0), {}, rx, 110'000).has_value());
  EXPECT_TRUE(all_ff(rx));
  EXPECT_EQ(r.read(0x0, 4), pattern(4));
}

TEST(SpiNorChip, BlockProtect_Macronix_TopBlockIgnoredAndFailFlagsSet) {
  NorRig r(NorChipKind::kMx25r3235f);
  r.write_status({0x04});  // BP=1: the top 64 KiB
  EXPECT_EQ(r.rdsr(), 0x04);
  r.program(0x3F0000, pattern(8));
  EXPECT_FALSE(r.chip.busy());
  EXPECT_EQ(r.rdsr() & kWel, 0);
  EXPECT_EQ(std::to_integer<uint8_t>(r.frame(bytes({0x2B}), 1)[0]) & 0x20, 0x20);  // P_FAIL
  EXPECT_TRUE(all_ff(r.read(0x3F0000, 8)));
  r.erase(0xD8, 0x3F0000);
  EXPECT_EQ(std::to_integer<uint8_t>(r.frame(bytes({0x2B}), 1)[0]) & 0x60, 0x60);  // E_FAIL too
  r.program(0x3E0000, pattern(8));  // just below: allowed, clears the flags
  r.finish();
  EXPECT_EQ(r.read(0x3E0000, 8), pattern(8));
  EXPECT_EQ(std::to_integer<uint8_t>(r.frame(bytes({0x2B}), 1)[0]) & 0x60, 0);
  r.wren();
  r.frame(bytes({0xC7}));  // chip erase with any protection: ignored
  EXPECT_FALSE(r.chip.busy());
  EXPECT_EQ(r.chip.stats().ignored_protected, 3u);
}

TEST(SpiNorChip, BlockProtect_WinbondTbBit_ProtectsBottom) {
  NorRig r(NorChipKind::kW25q128jv);
  r.write_status({0x24});  // TB=1, BP=1: the lowest 256 KiB
  r.program(0x3FF00, pattern(4));
  EXPECT_FALSE(r.chip.busy());
  r.program(0x40000, pattern(4));
  r.finish();
  EXPECT_TRUE(all_ff(r.read(0x3FF00, 4)));
  EXPECT_EQ(r.read(0x40000, 4), pattern(4));
}

TEST(SpiNorChip, BlockProtect_AllLevels_CoverWholeChip) {
  NorRig r(NorChipKind::kMx25r3235f);
  r.write_status({0x1C});  // BP=7: 64 KiB << 6 = 4 MiB
  r.program(0x0, pattern(4));
  EXPECT_FALSE(r.chip.busy());
}

TEST(SpiNorChip, Wrsr_WithoutWel_Ignored) {
  NorRig r(NorChipKind::kMx25r6435f);
  r.frame(bytes({0x01, 0x3C}));
  EXPECT_FALSE(r.chip.busy());
  EXPECT_EQ(r.rdsr(), 0);
}

TEST(SpiNorChip, Wrsr_Macronix_ThreeByteFormSetsConfigRegister) {
  NorRig r(NorChipKind::kMx25r6435f);
  r.wren();
  r.frame(bytes({0x01, 0x00, 0x00, 0x02}));  // SR, CR1, CR2 with the L/H switch (CR2 bit 1)
  EXPECT_EQ(r.chip.busy_until_ns(), 10'000'000u);
  EXPECT_EQ(r.frame(bytes({0x15}), 2), bytes({0xFF, 0xFF}));  // RDCR while busy: ignored
  r.finish();
  EXPECT_EQ(r.rdsr() & kWel, 0);
  EXPECT_EQ(r.frame(bytes({0x15}), 4), bytes({0x00, 0x02, 0x00, 0x02}));
  r.wren();
  r.frame(bytes({0x01, 0x00, 0x00, 0x00, 0x00}));  // four bytes: not a WRSR form
  EXPECT_FALSE(r.chip.busy());
  EXPECT_EQ(r.chip.stats().ignored_malformed, 1u);
}

TEST(SpiNorChip, WinbondStatusRegisters_2And3) {
  NorRig r(NorChipKind::kW25q128jv);
  EXPECT_EQ(r.frame(bytes({0x35}), 1), bytes({0x02}));  // QE set as shipped
  r.wren();
  r.frame(bytes({0x31, 0x00}));
  r.finish();
  EXPECT_EQ(r.frame(bytes({0x35}), 1), bytes({0x00}));
  r.wren();
  r.frame(bytes({0x11, 0x60}));
  r.finish();
  EXPECT_EQ(r.frame(bytes({0x15}), 1), bytes({0x60}));
  r.write_status({0x00, 0x02});  // 01 with SR1 + SR2
  EXPECT_EQ(r.frame(bytes({0x35}), 1), bytes({0x02}));
}

TEST(SpiNorChip, QuadRead_NeedsQuadEnable) {
  NorRig r(NorChipKind::kMx25r6435f);
  r.program(0x0, pattern(4));
  r.finish();
  auto c = r.addressed(0x6B, 0x0);
  c.push_back(std::byte{0});
  EXPECT_TRUE(all_ff(r.frame(c, 4)));
  r.write_status({0x40});  // QE (SR bit 6)
  EXPECT_EQ(r.frame(c, 4), pattern(4));
}

TEST(SpiNorChip, DeepPowerDown_Mx25r_AnyCsPulseWakes_CommandNotExecuted) {
  NorRig r(NorChipKind::kMx25r3235f);
  r.frame(bytes({0xB9}));
  ASSERT_TRUE(r.chip.in_deep_power_down());
  r.clock.sleep_ns(10'000);             // tDP
  EXPECT_TRUE(all_ff(r.frame(bytes({0x9F}), 3)));  // the wake-up pulse: RDID not executed
  EXPECT_FALSE(r.chip.in_deep_power_down());
  EXPECT_TRUE(all_ff(r.frame(bytes({0x9F}), 3)));  // within the 40 µs exit delay: ignored
  r.clock.sleep_ns(40'000);
  EXPECT_EQ(r.frame(bytes({0x9F}), 3), bytes({0xC2, 0x28, 0x16}));
}

TEST(SpiNorChip, DeepPowerDown_Winbond_OnlyReleaseWakes) {
  NorRig r(NorChipKind::kW25q128jv);
  r.frame(bytes({0xB9}));
  r.clock.sleep_ns(3'000);
  r.frame(bytes({0x06}));
  EXPECT_TRUE(r.chip.in_deep_power_down());
  EXPECT_TRUE(all_ff(r.frame(bytes({0x9F}), 3)));
  EXPECT_EQ(r.frame(bytes({0xAB, 0, 0, 0}), 2), bytes({0x17, 0x17}));  // RES: release + ID
  EXPECT_FALSE(r.chip.in_deep_power_down());
  r.clock.sleep_ns(3'000);
  EXPECT_EQ(r.rdsr() & kWel, 0);  // the WREN sent while asleep did nothing
  EXPECT_EQ(r.frame(bytes({0x9F}), 3), bytes({0xEF, 0x40, 0x18}));
}

TEST(SpiNorChip, SoftReset_AbortsEraseLeavingItTorn) {
  NorRig r(NorChipKind::kMx25r6435f, {.reset_seed = 11});
  for (uint32_t off = 0; off < 4096; off += 256) r.program(off, std::vector<std::byte>(256, std::byte{0})), r.finish();
  r.erase(0x20, 0x0);
  r.clock.sleep_ns(20'000'000);
  r.frame(bytes({0x66}));
  r.frame(bytes({0x99}));
  EXPECT_FALSE(r.chip.busy());
  EXPECT_EQ(r.chip.stats().aborted_by_reset, 1u);
  EXPECT_EQ(r.chip.counters().erases, 0u);
  r.clock.sleep_ns(30'000);  // tRST
  const auto sector = r.read(0x0, 4096);
  const auto zeros = std::count(sector.begin(), sector.end(), std::byte{0});
  const auto ffs = std::count(sector.begin(), sector.end(), std::byte{0xFF});
  EXPECT_GT(zeros, 0);
  EXPECT_GT(ffs, 0);
  EXPECT_LT(zeros + ffs, 4096);  // some bytes half-erased
}

TEST(SpiNorChip, SoftReset_NeedsEnableInThePreviousFrame) {
  NorRig r(NorChipKind::kW25q256jv);
  r.frame(bytes({0xB7}));
  r.frame(bytes({0x66}));
  r.rdsr();  // any frame in between cancels the enable
  r.frame(bytes({0x99}));
  EXPECT_TRUE(r.chip.four_byte_mode());
  r.frame(bytes({0x66}));
  r.frame(bytes({0x99}));
  EXPECT_FALSE(r.chip.four_byte_mode());
  EXPECT_TRUE(all_ff(r.frame(bytes({0x9F}), 3)));  // during tRST
}

TEST(SpiNorChip, FourByte_ModeSwitchAndDedicatedOpcodes) {
  NorRig r(NorChipKind::kW25q256jv);
  const uint32_t high = 0x1800000;  // 24 MiB: beyond 3-byte reach
  r.program(high, pattern(8), 4, 0x12);  // PP4 in 3-byte mode
  r.finish();
  EXPECT_EQ(r.frame(r.addressed(0x13, high, 4), 8), pattern(8));  // READ4
  // Plain READ in 3-byte mode sees address 0x800000 (the top byte is not an address byte).
  EXPECT_TRUE(all_ff(r.read(high & 0xFFFFFF, 8)));
  r.frame(bytes({0xB7}));
  ASSERT_TRUE(r.chip.four_byte_mode());
  EXPECT_EQ(r.frame(bytes({0x15}), 1)[0] & std::byte{0x01}, std::byte{0x01});  // SR3 ADS
  EXPECT_EQ(r.read(high, 8, 4), pattern(8));
  r.erase(0x21, high, 4);  // SE4
  r.finish();
  EXPECT_TRUE(all_ff(r.read(high, 8, 4)));
  r.frame(bytes({0xE9}));
  EXPECT_FALSE(r.chip.four_byte_mode());
}

TEST(SpiNorChip, FourByte_NoFiveCOnW25q256jv) {
  NorRig r(NorChipKind::kW25q256jv);
  r.erase(0x5C, 0x0, 4);
  EXPECT_FALSE(r.chip.busy());
  EXPECT_EQ(r.chip.stats().ignored_malformed, 1u);
}

TEST(SpiNorChip, FourByte_SfdpAddressFollowsMode) {
  NorRig r(NorChipKind::kW25q256jv);
  auto sfdp3 = r.addressed(0x5A, 0x0);
  sfdp3.push_back(std::byte{0});
  EXPECT_EQ(r.frame(sfdp3, 4), bytes({'S', 'F', 'D', 'P'}));
  r.frame(bytes({0xB7}));
  // The 3-byte form now lacks an address byte: the dummy is taken as A0 and one data byte lost.
  EXPECT_NE(r.frame(sfdp3, 4), bytes({'S', 'F', 'D', 'P'}));
  auto sfdp4 = r.addressed(0x5A, 0x0, 4);
  sfdp4.push_back(std::byte{0});
  EXPECT_EQ(r.frame(sfdp4, 4), bytes({'S', 'F', 'D', 'P'}));
}

TEST(SpiNorChip, McuReset_KeepsDeepPowerDownAndFourByteMode) {
  NorRig r(NorChipKind::kW25q256jv);
  r.frame(bytes({0xB7}));
  r.wren();
  r.frame(bytes({0xB9}));
  r.chip.mcu_reset();
  EXPECT_TRUE(r.chip.in_deep_power_down());
  EXPECT_TRUE(r.chip.four_byte_mode());
  EXPECT_TRUE(r.chip.write_enabled());
  EXPECT_EQ(r.chip.stats().mcu_resets, 1u);
}

TEST(SpiNorChip, PowerCycle_ClearsVolatileState) {
  NorRig r(NorChipKind::kW25q256jv);
  r.write_status({0x08});  // BP=2, non-volatile
  r.frame(bytes({0xB7}));
  r.wren();
  r.frame(bytes({0xB9}));
  r.power.arm({.at_time_ns = r.clock.now_ns() + 1});
  r.clock.sleep_ns(5);
  ASSERT_FALSE(r.power.alive());
  EXPECT_FALSE(r.chip.frame(bytes({0x9F}), {}, {}).has_value());
  r.power.reboot();
  EXPECT_FALSE(r.chip.in_deep_power_down());
  EXPECT_FALSE(r.chip.four_byte_mode());
  EXPECT_FALSE(r.chip.write_enabled());
  EXPECT_EQ(r.rdsr(), 0x08);
}

TEST(SpiNorChip, PowerUp_WinbondAdpBit_StartsInFourByteMode) {
  NorRig r(NorChipKind::kW25q256jv);
  r.wren();
  r.frame(bytes({0x11, 0x02}));  // SR3 ADP
  r.finish();
  EXPECT_FALSE(r.chip.four_byte_mode());
  r.power.arm({.at_time_ns = r.clock.now_ns()});
  r.clock.sleep_ns(1);
  r.power.reboot();
  EXPECT_TRUE(r.chip.four_byte_mode());
}

TEST(SpiNorChip, Counters_ReadsProgramsErasesBusyTime) {
  NorRig r(NorChipKind::kMx25r6435f);
  r.read(0x0, 100);
  r.program(0x0, pattern(256));
  r.finish();
  r.program(0x10, pattern(4));
  r.finish();
  r.erase(0xD8, 0x10000);
  r.finish();
  const DeviceCounters& c = r.chip.counters();
  EXPECT_EQ(c.reads, 1u);
  EXPECT_EQ(c.read_bytes, 100u);
  EXPECT_EQ(c.programs, 2u);
  EXPECT_EQ(c.program_bytes, 260u);
  EXPECT_EQ(c.erases, 1u);
  EXPECT_EQ(c.erase_bytes, 65536u);
  EXPECT_EQ(c.busy_ns, 896'000u + 35'000u + 480'000'000u);
  EXPECT_EQ(c.sector_erases[16], 1u);
  EXPECT_EQ(c.sector_erases[15], 0u);
  EXPECT_EQ(r.chip.stats().page_programs[0], 2u);
  EXPECT_EQ(r.chip.stats().page_programs[1], 0u);
}

}  // namespace
}  // namespace norboot::sim::spi_nor_chip_test
