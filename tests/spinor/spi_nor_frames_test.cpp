// The driver's frames, checked on a recording bus: probe order, SFDP vs known-ID fallback, page
// splitting, sub-word padding, read widening, segment limits, the bounce buffer, erase-type choice,
// the WEL check, the typical-then-poll wait, timeouts, block protection, 4-byte addressing, DP.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>

#include "scripted_bus.hpp"
#include "sfdp_images.hpp"
#include "sim/virtual_clock.hpp"
#include "spinor/spi_nor.hpp"

namespace norboot::testing::spi_nor_frames_test {
namespace {

using spinor::BusRules;
constexpr uint64_t kUs = 1000, kMs = 1000 * kUs;
constexpr std::array<uint8_t, 3> kMx6435{0xC2, 0x28, 0x17};
constexpr uint32_t k8MiB = 8u << 20;

constexpr BusRules kSpimRules{.max_segment = 0xFFFF, .data_align = 1, .max_short_frame = 0, .buffer_align = 1};
constexpr BusRules kQspiRules{.max_segment = 0xFFFFF, .data_align = 4, .max_short_frame = 8, .buffer_align = 4};
constexpr BusRules kTinySegments{.max_segment = 100, .data_align = 1, .max_short_frame = 0, .buffer_align = 1};

std::string text(const core::Status& s) {
  if (s) return "ok";
  std::array<char, 256> buf{};
  core::format_error(s.error(), buf);
  return buf.data();
}

struct Rig {
  explicit Rig(BusRules rules = kSpimRules, std::array<uint8_t, 3> id = kMx6435, uint32_t size = k8MiB,
               std::vector<std::byte> sfdp = sfdp_image(mx25r6435f_bfp()), spinor::SpiNorConfig cfg = {})
      : bus(rules, id, size, std::move(sfdp)),
        // Start one byte in, so the driver has to align its bounce buffer itself.
        nor(bus, clock, std::span(work).subspan(1), cfg) {}

  core::Status probe() {
    auto s = nor.probe();
    bus.clear();
    nor.reset_stats();
    return s;
  }
  bool in_work(const std::byte* p) const { return p >= work.data() && p < work.data() + work.size(); }

  sim::VirtualClock clock;
  ScriptedBus bus;
  alignas(8) std::array<std::byte, 300> work{};
  spinor::SpiNor nor;
};

std::vector<std::byte> pattern(size_t n, uint8_t salt) {
  std::vector<std::byte> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = std::byte(static_cast<uint8_t>(i * 131 + salt * 7 + 3));
  return v;
}

// ---- probe ----------------------------------------------------------------------------------

TEST(SpiNorFrames, Probe_WakesWaitsAndResetsBeforeReadingIdAndSfdp) {
  Rig rig;
  ASSERT_TRUE(rig.nor.probe());
  const auto ops = rig.bus.opcodes();
  ASSERT_GE(ops.size(), 6u);
  EXPECT_EQ(std::vector<uint8_t>(ops.begin(), ops.begin() + 6), (std::vector<uint8_t>{0xAB, 0x05, 0x66, 0x99, 0x9F, 0x5A}));
  EXPECT_TRUE(rig.bus.violations.empty());
}

TEST(SpiNorFrames, Probe_Mx25r6435fSfdp_GeometryFromTheTable) {
  Rig rig;
  ASSERT_TRUE(rig.probe());
  const auto& g = rig.nor.geometry();
  EXPECT_EQ(g.size, k8MiB);
  EXPECT_EQ(g.write_block, 1u);
  EXPECT_EQ(g.page_size, 256u);
  EXPECT_EQ(g.sector_count(), 2048u);
  EXPECT_EQ(g.erase_type_count, 3);
  EXPECT_EQ(g.erase_sizes[2], 65536u);
  EXPECT_EQ(rig.nor.chip().source, spinor::ParamSource::kSfdp);
  EXPECT_STREQ(rig.nor.chip().part_name, "MX25R6435F");
  EXPECT_EQ(rig.nor.address_mode(), spinor::AddressMode::k3Byte);
}

TEST(SpiNorFrames, Probe_QspiShortFrames_SfdpReadInFourByteChunks) {
  Rig rig(kQspiRules);
  ASSERT_TRUE(rig.nor.probe());
  EXPECT_TRUE(rig.bus.violations.empty()) << rig.bus.violations.front();
  for (const auto& f : rig.bus.frames) {
    if (f.opcode == 0x5A) { EXPECT_LE(f.rx_len, 4u); }
  }
  EXPECT_EQ(rig.nor.geometry().size, k8MiB);
}

TEST(SpiNorFrames, Probe_NoSfdpKnownId_UsesBuiltInTable) {
  Rig rig(kSpimRules, {0xC2, 0x28, 0x16}, 4u << 20, {});
  ASSERT_TRUE(rig.probe());
  EXPECT_EQ(rig.nor.chip().source, spinor::ParamSource::kKnownTable);
  EXPECT_EQ(rig.nor.geometry().size, 4u << 20);
  EXPECT_STREQ(rig.nor.chip().part_name, "MX25R3235F");
}

TEST(SpiNorFrames, Probe_NoSfdpUnknownId_UnsupportedNamesTheId) {
  Rig rig(kSpimRules, {0x12, 0x34, 0x56}, k8MiB, {});
  auto s = rig.nor.probe();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kUnsupported) << text(s);
  EXPECT_STREQ(s.error().device, "external");
  EXPECT_EQ(s.error().found, 0x123456u);
  EXPECT_FALSE(rig.nor.probed());
}

TEST(SpiNorFrames, Probe_BrokenSfdpUnknownId_CorruptNamesFieldExpectedAndFound) {
  auto bfp = mx25r6435f_bfp();
  set_dw(bfp, 9, 0xFF00D818);  // a 16 MiB erase type on an 8 MiB part
  Rig rig(kSpimRules, {0x12, 0x34, 0x56}, k8MiB, sfdp_image(bfp));
  auto s = rig.nor.probe();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kCorrupt) << text(s);
  EXPECT_STREQ(s.error().device, "external");
  EXPECT_NE(std::string(s.error().what).find("erase type"), std::string::npos) << text(s);
  EXPECT_EQ(s.error().expected, k8MiB);
  EXPECT_EQ(s.error().found, 16u << 20);
}

TEST(SpiNorFrames, Probe_BrokenSfdpKnownId_FallsBackToTable) {
  auto bfp = mx25r6435f_bfp();
  bfp.resize(7 * 4);
  Rig rig(kSpimRules, kMx6435, k8MiB, sfdp_image(bfp));
  ASSERT_TRUE(rig.probe());
  EXPECT_EQ(rig.nor.chip().source, spinor::ParamSource::kKnownTable);
  EXPECT_EQ(rig.nor.geometry().size, k8MiB);
}

TEST(SpiNorFrames, Probe_RdidAllOnes_NotFound) {
  Rig rig(kSpimRules, {0xFF, 0xFF, 0xFF}, k8MiB, {});
  auto s = rig.nor.probe();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kNotFound) << text(s);
}

TEST(SpiNorFrames, ProbeKnown_MatchingId_ProbeFramesWithoutSfdp) {
  Rig rig;
  const std::optional<spinor::ChipInfo> part = spinor::known_chip(kMx6435);
  ASSERT_TRUE(part);
  ASSERT_TRUE(rig.nor.probe_known(*part)) << text(rig.nor.probe_known(*part));
  EXPECT_EQ(rig.bus.opcodes(), (std::vector<uint8_t>{0xAB, 0x05, 0x66, 0x99, 0x9F, 0x05}))
      << "wake, wait, reset, RDID, the BP read: no RDSFDP";
  EXPECT_EQ(rig.nor.geometry().size, k8MiB);
  EXPECT_TRUE(rig.bus.violations.empty());
}

TEST(SpiNorFrames, ProbeKnown_WrongJedecId_NothingSentAfterRdid) {
  Rig rig(kSpimRules, kMx6435, k8MiB, sfdp_image(mx25r6435f_bfp()), {.clear_block_protect = true});
  rig.bus.status = 0x3C;  // a matching part would have its BP bits cleared (WREN, WRSR)
  const auto s = rig.nor.probe_known(spinor::known_part({0xC2, 0x28, 0x16}));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kMismatch) << text(s);
  EXPECT_EQ(s.error().expected, 0xC22816u);
  EXPECT_EQ(s.error().found, 0xC22817u);
  EXPECT_EQ(rig.bus.opcodes(), (std::vector<uint8_t>{0xAB, 0x05, 0x66, 0x99, 0x9F}));
  EXPECT_EQ(rig.bus.status, 0x3C);
}

TEST(SpiNorFrames, ProbeKnown_RdidAllOnes_NotFound) {
  Rig rig(kSpimRules, {0xFF, 0xFF, 0xFF}, k8MiB, {});
  const auto s = rig.nor.probe_known(spinor::known_part({0xC2, 0x28, 0x17}));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kNotFound) << text(s);
}

TEST(SpiNorFrames, Probe_WorkBufferSmallerThanPage_NoSpace) {
  sim::VirtualClock clock;
  ScriptedBus bus(kSpimRules, kMx6435, k8MiB, sfdp_image(mx25r6435f_bfp()));
  std::array<std::byte, 255> work{};
  spinor::SpiNor nor(bus, clock, work);
  auto s = nor.probe();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kNoSpace);
  EXPECT_EQ(s.error().expected, 256u);
  EXPECT_TRUE(bus.frames.empty()) << "nothing sent before the buffer is known to be usable";
}

TEST(SpiNorFrames, Calls_BeforeProbe_Refused) {
  Rig rig;
  std::array<std::byte, 4> out{};
  EXPECT_FALSE(rig.nor.read(0, out));
  EXPECT_TRUE(rig.bus.frames.empty());
}

// ---- programs ---------------------------------------------------------------------------------

struct WriteCase {
  BusRules rules;
  const char* bus;
};

class SpiNorWrites : public ::testing::TestWithParam<WriteCase> {};

// Every offset 0..7 and page-edge offsets, lengths 1..9 and around a page: data lands exactly,
// every program frame stays inside one page, the bus never sees a frame it would refuse, and the
// transmit buffer is always the driver's work buffer.
TEST_P(SpiNorWrites, Write_EveryAlignment_SplitAtPagesLandsExactly) {
  Rig rig(GetParam().rules);
  ASSERT_TRUE(rig.probe());
  std::vector<std::byte> expect = rig.bus.mem;
  uint32_t base = 0;
  uint8_t salt = 0;
  for (uint32_t off : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 250u, 253u, 255u}) {
    for (uint32_t len : {1u, 2u, 3u, 4u, 5u, 7u, 9u, 255u, 256u, 257u, 600u}) {
      const auto d = pattern(len, ++salt);
      const uint32_t at = base + off;
      ASSERT_TRUE(rig.nor.write(at, d)) << "off " << off << " len " << len;
      for (uint32_t i = 0; i < len; ++i) expect[at + i] &= d[i];
      base += 1024;
    }
  }
  EXPECT_TRUE(rig.bus.mem == expect);
  EXPECT_TRUE(rig.bus.violations.empty()) << rig.bus.violations.front();
  for (const auto& f : rig.bus.frames) {
    if (f.opcode != 0x02) continue;
    EXPECT_LE(f.addr % 256 + f.tx_len, 256u) << "program crosses a page at " << f.addr;
    EXPECT_TRUE(rig.in_work(f.tx)) << "transmit data not staged in the work buffer";
  }
}

TEST_P(SpiNorWrites, Write_StaticConstSource_SentFromWorkBuffer) {
  static const std::array<std::byte, 16> kConst = {std::byte{0x77}, std::byte{0xc2}, std::byte{0x95}, std::byte{0xf3}};
  Rig rig(GetParam().rules);
  ASSERT_TRUE(rig.probe());
  ASSERT_TRUE(rig.nor.write(0x1000, kConst));
  ASSERT_EQ(rig.bus.count(0x02), 1u);
  for (const auto& f : rig.bus.frames) {
    if (f.opcode == 0x02) { EXPECT_NE(f.tx, kConst.data()); }
  }
  EXPECT_TRUE(std::equal(kConst.begin(), kConst.end(), rig.bus.mem.begin() + 0x1000));
}

INSTANTIATE_TEST_SUITE_P(Buses, SpiNorWrites,
                         ::testing::Values(WriteCase{kSpimRules, "spim"}, WriteCase{kQspiRules, "qspi"},
                                           WriteCase{kTinySegments, "tiny_segments"}),
                         [](const auto& info) { return std::string(info.param.bus); });

TEST(SpiNorFrames, Write_QspiSubWordEveryOffset_NeighboursKeepTheirData) {
  Rig rig(kQspiRules);
  ASSERT_TRUE(rig.probe());
  const auto old = pattern(4, 9);
  for (uint32_t off = 0; off < 4; ++off) {
    for (uint32_t len = 1; len <= 3 && off + len <= 4; ++len) {
      const uint32_t word = 0x2000 + 16 * (off * 4 + len);
      ASSERT_TRUE(rig.nor.write(word, old));
      rig.bus.clear();
      const std::array<std::byte, 3> d = {std::byte{0x00}, std::byte{0x0F}, std::byte{0x30}};
      ASSERT_TRUE(rig.nor.write(word + off, std::span(d).first(len)));
      for (uint32_t i = 0; i < 4; ++i) {
        const bool inside = i >= off && i < off + len;
        EXPECT_EQ(rig.bus.mem[word + i], inside ? (old[i] & d[i - off]) : old[i]) << off << "/" << len << " byte " << i;
      }
      ASSERT_EQ(rig.bus.count(0x02), 1u);
      EXPECT_EQ(rig.bus.frames.back().opcode, 0x05);
      const auto pp = *std::find_if(rig.bus.frames.begin(), rig.bus.frames.end(), [](auto& f) { return f.opcode == 0x02; });
      EXPECT_EQ(pp.addr, word) << "the enclosing aligned word, padded with 0xFF";
      EXPECT_EQ(pp.tx_len, 4u);
      EXPECT_EQ(rig.bus.count(0x0B), 0u) << "no read-modify-write";
    }
  }
  EXPECT_TRUE(rig.bus.violations.empty());
}

// ---- reads ------------------------------------------------------------------------------------

TEST(SpiNorFrames, Read_AcrossSegmentLimit_ChunkedAndExact) {
  Rig rig(kTinySegments);
  ASSERT_TRUE(rig.probe());
  const auto d = pattern(1000, 4);
  std::copy(d.begin(), d.end(), rig.bus.mem.begin() + 3);
  std::vector<std::byte> out(1000);
  ASSERT_TRUE(rig.nor.read(3, out));
  EXPECT_EQ(out, d);
  EXPECT_EQ(rig.bus.count(0x0B), 10u);
  EXPECT_TRUE(rig.bus.violations.empty()) << rig.bus.violations.front();
}

TEST(SpiNorFrames, Read_QspiUnalignedEveryOffsetAndLength_WidenedThroughWorkBuffer) {
  Rig rig(kQspiRules);
  ASSERT_TRUE(rig.probe());
  const auto d = pattern(4096, 5);
  std::copy(d.begin(), d.end(), rig.bus.mem.begin());
  for (uint32_t off = 0; off < 8; ++off) {
    for (uint32_t len : {1u, 2u, 3u, 4u, 5u, 299u, 1000u}) {
      std::vector<std::byte> out(len + 1);
      ASSERT_TRUE(rig.nor.read(off, std::span(out).subspan(1, len)));  // an unaligned destination too
      EXPECT_TRUE(std::equal(out.begin() + 1, out.end(), d.begin() + off)) << off << "/" << len;
    }
  }
  EXPECT_TRUE(rig.bus.violations.empty()) << rig.bus.violations.front();
}

TEST(SpiNorFrames, Read_SpimAlignedBuffer_StraightIntoCallerBuffer) {
  Rig rig;
  ASSERT_TRUE(rig.probe());
  std::vector<std::byte> out(70000);
  ASSERT_TRUE(rig.nor.read(5, out));
  ASSERT_EQ(rig.bus.count(0x0B), 2u) << "65535 + 4465";
  EXPECT_EQ(rig.bus.frames[0].rx, out.data());
  EXPECT_EQ(rig.bus.frames[0].rx_len, 65535u);
  EXPECT_EQ(rig.nor.stats().bounce_bytes, 0u);
}

// ---- erases -----------------------------------------------------------------------------------

TEST(SpiNorFrames, Erase_PicksLargestAlignedTypeThatFits) {
  Rig rig;
  ASSERT_TRUE(rig.probe());
  ASSERT_TRUE(rig.nor.erase(0x1000, 0x30000 - 0x1000));
  std::vector<uint8_t> erases;
  std::vector<uint32_t> at;
  for (const auto& f : rig.bus.frames) {
    if (f.opcode == 0x20 || f.opcode == 0x52 || f.opcode == 0xD8) {
      erases.push_back(f.opcode);
      at.push_back(f.addr);
    }
  }
  EXPECT_EQ(erases, (std::vector<uint8_t>{0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x52, 0xD8, 0xD8}));
  EXPECT_EQ(at.back(), 0x20000u);
}

TEST(SpiNorFrames, Erase_WholeDevice_OneChipErase) {
  Rig rig;
  ASSERT_TRUE(rig.probe());
  rig.bus.mem[12345] = std::byte{0};
  ASSERT_TRUE(rig.nor.erase(0, k8MiB));
  EXPECT_EQ(rig.bus.count(0xC7), 1u);
  EXPECT_EQ(rig.bus.count(0xD8), 0u);
  EXPECT_EQ(rig.bus.mem[12345], std::byte{0xFF});
  EXPECT_GE(rig.clock.now_ns(), 52'000 * kMs) << "slept the typical chip-erase time";
}

TEST(SpiNorFrames, StartErase_BusyIssuesEachNextUnitWithoutEarlyPolls) {
  Rig rig;
  ASSERT_TRUE(rig.probe());
  ASSERT_TRUE(rig.nor.start_erase(0, 3 * 4096));
  EXPECT_EQ(rig.bus.count(0x20), 1u);
  EXPECT_TRUE(*rig.nor.busy());
  EXPECT_EQ(rig.nor.stats().status_polls, 0u) << "no poll before the typical 48 ms";
  rig.clock.sleep_ns(48 * kMs);
  EXPECT_TRUE(*rig.nor.busy()) << "first unit done: second issued";
  EXPECT_EQ(rig.bus.count(0x20), 2u);
  rig.clock.sleep_ns(48 * kMs);
  EXPECT_TRUE(*rig.nor.busy());
  EXPECT_EQ(rig.bus.count(0x20), 3u);
  rig.clock.sleep_ns(48 * kMs);
  EXPECT_FALSE(*rig.nor.busy());
  EXPECT_EQ(rig.nor.stats().status_polls, 3u);
}

TEST(SpiNorFrames, StartErase_ThenRead_WaitsForTheWholeRangeFirst) {
  Rig rig;
  ASSERT_TRUE(rig.probe());
  rig.bus.mem[2 * 4096] = std::byte{0};
  ASSERT_TRUE(rig.nor.start_erase(0, 3 * 4096));
  std::array<std::byte, 1> out{};
  ASSERT_TRUE(rig.nor.read(2 * 4096, out));
  EXPECT_EQ(out[0], std::byte{0xFF});
  EXPECT_EQ(rig.bus.count(0x20), 3u);
  EXPECT_FALSE(*rig.nor.busy());
}

// ---- waiting --------------------------------------------------------------------------------

TEST(SpiNorFrames, Wait_PartDoneAtTypicalTime_OnePollPerPage) {
  Rig rig;
  ASSERT_TRUE(rig.probe());
  const uint64_t t0 = rig.clock.now_ns();
  ASSERT_TRUE(rig.nor.write(0, pattern(4 * 256, 1)));
  EXPECT_EQ(rig.nor.stats().program_frames, 4u);
  EXPECT_EQ(rig.nor.stats().status_polls, 4u);
  EXPECT_EQ(rig.nor.stats().wel_checks, 4u);
  EXPECT_EQ(rig.clock.now_ns() - t0, 4 * 896 * kUs) << "slept exactly the typical page time each time";
}

TEST(SpiNorFrames, Wait_PartSlowerThanTypical_PollsEverySixteenthOfTypical) {
  Rig rig;
  ASSERT_TRUE(rig.probe());
  rig.bus.busy_polls = 2;
  const uint64_t t0 = rig.clock.now_ns();
  ASSERT_TRUE(rig.nor.write(0, pattern(256, 1)));
  EXPECT_EQ(rig.nor.stats().status_polls, 3u);
  EXPECT_EQ(rig.clock.now_ns() - t0, 896 * kUs + 2 * 56 * kUs);
}

TEST(SpiNorFrames, Timeout_WipNeverClears_TimeoutNamesOperationOffsetAndTimes) {
  Rig rig;
  ASSERT_TRUE(rig.probe());
  rig.bus.wip_stuck = true;
  const uint64_t t0 = rig.clock.now_ns();
  auto s = rig.nor.write(0x1234, pattern(8, 2));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kTimeout) << text(s);
  EXPECT_STREQ(s.error().device, "external");
  EXPECT_EQ(s.error().offset, 0x1234u);
  EXPECT_NE(std::string(s.error().what).find("page program"), std::string::npos);
  EXPECT_EQ(s.error().expected, 5376 * kUs * 3 / 2) << "maximum page time × 1.5";
  EXPECT_GE(s.error().found, s.error().expected);
  EXPECT_LT(rig.clock.now_ns() - t0, 9 * kMs) << "gave up soon after the deadline";
}

TEST(SpiNorFrames, Wel_NeverSets_IoNamesOperationAndOffsetNothingProgrammed) {
  Rig rig;
  ASSERT_TRUE(rig.probe());
  rig.bus.wel_never_sets = true;
  auto s = rig.nor.write(0x300, pattern(8, 2));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kIo) << text(s);
  EXPECT_EQ(s.error().offset, 0x300u);
  EXPECT_NE(std::string(s.error().what).find("WEL"), std::string::npos);
  EXPECT_EQ(s.error().expected, 0x02u);
  EXPECT_EQ(rig.bus.count(0x02), 0u) << "the program command was never sent";
  auto e = rig.nor.erase(0, 4096);
  ASSERT_FALSE(e);
  EXPECT_NE(std::string(e.error().what).find("erase"), std::string::npos);
  EXPECT_EQ(rig.bus.count(0x20), 0u);
}

// ---- block protection -------------------------------------------------------------------------

TEST(SpiNorFrames, BlockProtect_LeftSet_WritesIntoRegionRefusedNothingSent) {
  Rig rig;
  rig.bus.status = 0x04;  // BP = 1: the top 64 KiB of an MX25R
  ASSERT_TRUE(rig.probe());
  EXPECT_EQ(rig.nor.protected_range().off, k8MiB - 65536);
  const auto before = rig.bus.mem;
  auto s = rig.nor.write(k8MiB - 16, pattern(8, 1));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kWriteProtected) << text(s);
  EXPECT_EQ(rig.nor.erase(k8MiB - 65536, 65536).error().code, core::Errc::kWriteProtected);
  EXPECT_EQ(rig.nor.erase(0, k8MiB).error().code, core::Errc::kWriteProtected);
  EXPECT_TRUE(rig.bus.frames.empty());
  EXPECT_TRUE(rig.bus.mem == before);
  EXPECT_TRUE(rig.nor.write(k8MiB - 65536 - 8, pattern(8, 1))) << "just below the region";
}

TEST(SpiNorFrames, BlockProtect_ClearAsked_WrsrAtProbeAndWritesAllowed) {
  Rig rig(kSpimRules, kMx6435, k8MiB, sfdp_image(mx25r6435f_bfp()), {.clear_block_protect = true});
  rig.bus.status = 0x3C;
  ASSERT_TRUE(rig.nor.probe());
  EXPECT_EQ(rig.bus.count(0x01), 1u);
  EXPECT_EQ(rig.bus.status & 0x3C, 0);
  EXPECT_EQ(rig.nor.protected_range().len, 0u);
  EXPECT_TRUE(rig.nor.write(k8MiB - 4, pattern(4, 1)));
}

// ---- 4-byte addressing ----------------------------------------------------------------------

std::vector<std::byte> big_part_sfdp(uint8_t enter_methods) {
  auto t = mx25r_bfp_with_size(32u << 20);
  set_dw(t, 1, (get_dw(t, 1) & ~(3u << 17)) | (1u << 17));
  set_dw(t, 16, (get_dw(t, 16) & 0x00FFFFFF) | (uint32_t{enter_methods} << 24));
  return sfdp_image(t);
}

TEST(SpiNorFrames, FourByte_DedicatedOpcodes_StatelessFramesAbove16MiB) {
  Rig rig(kSpimRules, {0xEF, 0x40, 0x19}, 32u << 20, big_part_sfdp(0x21));
  ASSERT_TRUE(rig.probe());
  EXPECT_EQ(rig.nor.address_mode(), spinor::AddressMode::k4ByteOpcodes);
  const uint32_t high = (16u << 20) + 0x1230;
  ASSERT_TRUE(rig.nor.write(high, pattern(16, 3)));
  std::vector<std::byte> out(16);
  ASSERT_TRUE(rig.nor.read(high, out));
  EXPECT_EQ(out, pattern(16, 3));
  ASSERT_TRUE(rig.nor.erase((16u << 20), 65536 + 4096));
  EXPECT_EQ(rig.bus.count(0x12), 1u);
  EXPECT_EQ(rig.bus.count(0x0C), 1u);
  EXPECT_EQ(rig.bus.count(0xDC), 1u);
  EXPECT_EQ(rig.bus.count(0x21), 1u);
  EXPECT_EQ(rig.bus.count(0xB7), 0u) << "no mode switch";
  EXPECT_FALSE(rig.bus.four_byte_mode);
}

TEST(SpiNorFrames, FourByte_OnlyEn4b_EntersModeAndRecordsIt) {
  Rig rig(kSpimRules, {0x12, 0x34, 0x19}, 32u << 20, big_part_sfdp(0x01));
  ASSERT_TRUE(rig.nor.probe());
  EXPECT_EQ(rig.bus.count(0xB7), 1u);
  EXPECT_EQ(rig.nor.address_mode(), spinor::AddressMode::k4ByteMode);
  rig.bus.clear();
  const uint32_t high = (20u << 20) + 7;
  ASSERT_TRUE(rig.nor.write(high, pattern(3, 3)));
  const auto pp = *std::find_if(rig.bus.frames.begin(), rig.bus.frames.end(), [](auto& f) { return f.opcode == 0x02; });
  EXPECT_EQ(pp.cmd_len, 5u);
  EXPECT_EQ(pp.addr, high);
}

TEST(SpiNorFrames, FourByte_ModeLeftOnByPreviousBoot_ResetBeforeSfdpThenCleanProbe) {
  Rig rig(kSpimRules, {0x12, 0x34, 0x19}, 32u << 20, big_part_sfdp(0x01));
  rig.bus.four_byte_mode = true;  // a warm reset: the volatile mode survived
  ASSERT_TRUE(rig.nor.probe());
  const auto ops = rig.bus.opcodes();
  const auto reset = std::find(ops.begin(), ops.end(), 0x99);
  const auto first_sfdp = std::find(ops.begin(), ops.end(), 0x5A);
  EXPECT_LT(reset, first_sfdp);
  EXPECT_EQ(rig.nor.geometry().size, 32u << 20);
}

// ---- deep power-down --------------------------------------------------------------------------

TEST(SpiNorFrames, DeepPowerDown_EnterRefusesWorkExitRestores) {
  Rig rig;
  ASSERT_TRUE(rig.probe());
  ASSERT_TRUE(rig.nor.enter_deep_power_down());
  EXPECT_EQ(rig.bus.opcodes(), (std::vector<uint8_t>{0xB9}));
  std::array<std::byte, 4> out{};
  auto s = rig.nor.read(0, out);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::Errc::kBadState);
  const uint64_t t = rig.clock.now_ns();
  ASSERT_TRUE(rig.nor.exit_deep_power_down());
  EXPECT_EQ(rig.clock.now_ns() - t, 40 * kUs) << "SFDP exit delay";
  EXPECT_TRUE(rig.nor.read(0, out));
}

}  // namespace
}  // namespace norboot::testing::spi_nor_frames_test
