#pragma once
// The Flash contract suite: every flash::Flash — RamFlash, TimedRamFlash, McuFlash over each MCU
// model, the SPI NOR driver over each chip and bus — must pass the same checks (pw_kvs
// flash_partition_test.cc is the model). See src/flash/flash.hpp for the contract itself.
//
// How to run it on a new device
//   1. Derive a FlashContractTarget: it owns everything the device needs (clock, power domain,
//      chip model, driver) and builds a fresh, fully erased device in its constructor.
//        flash()          the device under test
//        raw()            the whole device as it physically is, bypassing the driver (the model's
//                         cells, the RAM buffer): used to prove a refused call changed nothing
//        async_erase()    true when start_erase() really runs in the background
//        let_time_pass()  advances the device's clock (no-op for devices without one)
//   2. In exactly ONE .cpp of your test binary (this header defines the TEST_Ps):
//        #include "support/flash_contract.hpp"
//        INSTANTIATE_TEST_SUITE_P(MyChip, FlashContract,
//            ::testing::Values(norboot::testing::FlashContractCase{
//                "my_chip", [] { return std::make_unique<MyTarget>(); }}),
//            norboot::testing::flash_contract_case_name);
//
// What it checks: geometry consistency; reads of a fresh device; bounds of read/write/erase (with
// no 32-bit wrap); write-block alignment of offset and length; writes only clear bits; erase sets
// erased_value on exactly its sectors; erase alignment at both ends, including across runs of
// different sector sizes; start_erase + busy + wait_idle (background or not); start_write and its
// page rule; and for every refused call: the error code, that the error names the device (and the
// offset / expected / found the contract promises), and that the device is byte-for-byte unchanged.
// Each word is written at most twice between erases, so parts with nWRITE = 2 pass.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "flash/flash.hpp"

namespace norboot::testing {

class FlashContractTarget {
 public:
  virtual ~FlashContractTarget() = default;
  virtual flash::Flash& flash() = 0;
  virtual std::vector<std::byte> raw() = 0;
  virtual bool async_erase() const { return false; }
  virtual void let_time_pass(uint64_t ns) { (void)ns; }
};

struct FlashContractCase {
  std::string name;  // letters, digits and '_' (it becomes part of the test name)
  std::function<std::unique_ptr<FlashContractTarget>()> make;
};

inline std::string flash_contract_case_name(const ::testing::TestParamInfo<FlashContractCase>& info) {
  return info.param.name;
}
inline void PrintTo(const FlashContractCase& c, std::ostream* os) { *os << c.name; }

class FlashContract : public ::testing::TestWithParam<FlashContractCase> {
 protected:
  void SetUp() override { target_ = GetParam().make(); }

  flash::Flash& dev() { return target_->flash(); }
  const flash::Geometry& geo() { return dev().geometry(); }
  uint32_t wb() { return geo().write_block; }
  std::byte erased() { return std::byte{geo().erased_value}; }
  flash::Sector sector(uint32_t index) { return *geo().sector(index); }
  flash::Sector last_sector() { return sector(geo().sector_count() - 1); }

  /// `len` bytes (rounded up to the write block) of a pattern with zeros, ones and mixed bytes.
  std::vector<std::byte> pattern(size_t len, uint8_t salt) {
    len = (len + wb() - 1) / wb() * wb();
    std::vector<std::byte> v(len);
    for (size_t i = 0; i < len; ++i) v[i] = std::byte(static_cast<uint8_t>(i * 37 + salt * 11 + 1));
    if (len > 1) v[1] = std::byte{0x00};
    return v;
  }
  std::vector<std::byte> read(uint32_t off, size_t len) {
    std::vector<std::byte> v(len);
    auto s = dev().read(off, v);
    EXPECT_TRUE(s) << describe(s);
    return v;
  }
  bool all_erased(uint32_t off, size_t len) {
    const auto v = read(off, len);
    return std::all_of(v.begin(), v.end(), [&](std::byte b) { return b == erased(); });
  }
  static std::string describe(const core::Status& s) {
    if (s) return "ok";
    std::array<char, 256> buf{};
    core::format_error(s.error(), buf);
    return buf.data();
  }

  /// Runs a call the contract must refuse: checks the code, that the error names the device, and
  /// that the device is byte-for-byte unchanged. Returns the error for further checks.
  template <class Call>
  core::Error refused(core::Errc code, Call&& call) {
    const std::vector<std::byte> before = target_->raw();
    const core::Status s = call();
    EXPECT_FALSE(s) << "the call was accepted";
    if (s) return {};
    EXPECT_EQ(s.error().code, code) << describe(s);
    EXPECT_STREQ(s.error().device, dev().name()) << describe(s);
    EXPECT_TRUE(target_->raw() == before) << "a refused call changed the device: " << describe(s);
    return s.error();
  }

  std::unique_ptr<FlashContractTarget> target_;
};

TEST_P(FlashContract, Geometry_RunsAddUpToSizeAndWriteBlockDividesSectors) {
  uint64_t total = 0;
  for (size_t i = 0; i < geo().run_count; ++i) {
    total += uint64_t{geo().runs[i].size} * geo().runs[i].count;
    EXPECT_EQ(geo().runs[i].size % wb(), 0u) << "run " << i;
  }
  EXPECT_EQ(total, geo().size);
  EXPECT_GT(geo().sector_count(), 0u);
  EXPECT_EQ(target_->raw().size(), geo().size);
}

TEST_P(FlashContract, Read_FreshDevice_EveryByteErased) {
  for (uint32_t off = 0; off < geo().size; off += 0x10000) {
    ASSERT_TRUE(all_erased(off, std::min<uint32_t>(0x10000, geo().size - off))) << "at " << off;
  }
}

TEST_P(FlashContract, Read_EmptyAtEnd_Accepted) {
  std::vector<std::byte> none;
  EXPECT_TRUE(dev().read(geo().size, none));
}

TEST_P(FlashContract, Read_PastEnd_OutOfRangeNamesOffsetAndSize) {
  std::array<std::byte, 2> out{};
  const core::Error e = refused(core::Errc::kOutOfRange, [&] { return dev().read(geo().size - 1, out); });
  EXPECT_EQ(e.offset, geo().size - 1);
  EXPECT_TRUE(e.has_values);
  EXPECT_EQ(e.expected, geo().size);
  EXPECT_EQ(e.found, uint64_t{geo().size} + 1);
}

TEST_P(FlashContract, Read_OffsetNearTopOf32Bits_OutOfRangeWithoutWrap) {
  std::array<std::byte, 32> out{};
  refused(core::Errc::kOutOfRange, [&] { return dev().read(0xFFFFFFF0u, out); });
}

TEST_P(FlashContract, Write_ThenRead_ReturnsDataAtStartAndEnd) {
  const auto a = pattern(64, 1);
  const auto b = pattern(64, 2);
  const auto end_off = static_cast<uint32_t>(geo().size - b.size());
  ASSERT_TRUE(dev().write(0, a));
  ASSERT_TRUE(dev().write(end_off, b));
  EXPECT_EQ(read(0, a.size()), a);
  EXPECT_EQ(read(end_off, b.size()), b);
  EXPECT_TRUE(all_erased(static_cast<uint32_t>(a.size()), wb()));
}

TEST_P(FlashContract, Write_PastEnd_OutOfRangeDeviceUnchanged) {
  const auto d = pattern(2 * wb(), 3);
  const core::Error e = refused(core::Errc::kOutOfRange, [&] { return dev().write(geo().size - wb(), d); });
  EXPECT_EQ(e.offset, geo().size - wb());
}

TEST_P(FlashContract, Write_OffsetNotOnWriteBlock_MisalignedNamesWriteBlock) {
  if (wb() == 1) GTEST_SKIP() << "every offset is aligned on a byte-programmable device";
  const auto d = pattern(wb(), 4);
  const core::Error e = refused(core::Errc::kMisaligned, [&] { return dev().write(wb() + 1, d); });
  EXPECT_EQ(e.offset, wb() + 1);
  EXPECT_EQ(e.expected, wb());
  EXPECT_EQ(e.found, 1u);
}

TEST_P(FlashContract, Write_LengthNotOnWriteBlock_MisalignedNamesLength) {
  if (wb() == 1) GTEST_SKIP() << "every length is aligned on a byte-programmable device";
  const auto d = pattern(2 * wb(), 5);
  const core::Error e = refused(core::Errc::kMisaligned, [&] { return dev().write(0, std::span(d).first(wb() + 1)); });
  EXPECT_EQ(e.expected, wb());
  EXPECT_EQ(e.found, wb() + 1);
}

TEST_P(FlashContract, Write_OverData_OnlyClearsBits) {
  const auto a = pattern(32, 6);
  auto b = pattern(32, 7);
  std::fill(b.begin(), b.begin() + wb(), std::byte{0xFF});  // an all-ones word changes nothing
  ASSERT_TRUE(dev().write(sector(0).off, a));
  ASSERT_TRUE(dev().write(sector(0).off, b));
  const auto r = read(sector(0).off, a.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(r[i], a[i] & b[i]) << "byte " << i;
}

TEST_P(FlashContract, Write_Empty_AcceptedDeviceUnchanged) {
  const auto before = target_->raw();
  std::vector<std::byte> none;
  EXPECT_TRUE(dev().write(0, none));
  EXPECT_TRUE(dev().write(geo().size, none));
  EXPECT_TRUE(target_->raw() == before);
}

TEST_P(FlashContract, Erase_OneSector_ErasesItAndKeepsNeighbours) {
  if (geo().sector_count() < 2) GTEST_SKIP() << "needs two sectors";
  const flash::Sector s0 = sector(0), s1 = sector(1);
  const auto a = pattern(64, 8), b = pattern(64, 9), c = pattern(64, 10);
  ASSERT_TRUE(dev().write(s0.off, a));
  ASSERT_TRUE(dev().write(s0.off + s0.size - static_cast<uint32_t>(b.size()), b));
  ASSERT_TRUE(dev().write(s1.off, c));
  ASSERT_TRUE(dev().erase(s0.off, s0.size));
  EXPECT_TRUE(all_erased(s0.off, s0.size));
  EXPECT_EQ(read(s1.off, c.size()), c);
  ASSERT_TRUE(dev().write(s0.off, b));  // erased cells take new data
  EXPECT_EQ(read(s0.off, b.size()), b);
}

TEST_P(FlashContract, Erase_SeveralSectors_ErasesAllOfThem) {
  const uint32_t n = std::min<uint32_t>(geo().sector_count(), 3);
  const flash::Sector first = sector(0), last = sector(n - 1);
  for (uint32_t i = 0; i < n; ++i) ASSERT_TRUE(dev().write(sector(i).off, pattern(16, static_cast<uint8_t>(i))));
  ASSERT_TRUE(dev().erase(first.off, last.off + last.size - first.off));
  EXPECT_TRUE(all_erased(first.off, last.off + last.size - first.off));
}

TEST_P(FlashContract, Erase_StartInsideSector_MisalignedDeviceUnchanged) {
  const flash::Sector s = last_sector();
  ASSERT_TRUE(dev().write(s.off, pattern(s.size, 11)));
  const uint32_t inside = s.off + std::max(wb(), s.size / 2 / wb() * wb());
  const core::Error e = refused(core::Errc::kMisaligned, [&] { return dev().erase(inside, s.off + s.size - inside); });
  EXPECT_EQ(e.offset, inside);
  EXPECT_EQ(e.expected, s.off);
  EXPECT_EQ(e.found, inside);
}

TEST_P(FlashContract, Erase_EndInsideSector_MisalignedDeviceUnchanged) {
  const flash::Sector s = sector(0);
  ASSERT_TRUE(dev().write(s.off, pattern(s.size, 12)));
  const uint32_t len = std::max(wb(), s.size / 2 / wb() * wb());
  const core::Error e = refused(core::Errc::kMisaligned, [&] { return dev().erase(s.off, len); });
  EXPECT_EQ(e.offset, s.off + len);
  EXPECT_EQ(e.expected, s.off + s.size);
}

TEST_P(FlashContract, Erase_PastEnd_OutOfRangeDeviceUnchanged) {
  const flash::Sector s = last_sector();
  ASSERT_TRUE(dev().write(s.off, pattern(16, 13)));
  refused(core::Errc::kOutOfRange, [&] { return dev().erase(s.off, s.size + sector(0).size); });
}

TEST_P(FlashContract, Erase_SmallSectorLengthOnLargeSector_MisalignedOnNonUniformDevice) {
  uint32_t smallest = sector(0).size;
  for (uint32_t i = 0; i < geo().sector_count(); ++i) smallest = std::min(smallest, sector(i).size);
  std::optional<flash::Sector> large;
  for (uint32_t i = 0; i < geo().sector_count() && !large; ++i) {
    if (sector(i).size > smallest) large = sector(i);
  }
  if (!large) GTEST_SKIP() << "uniform sectors";
  ASSERT_TRUE(dev().write(large->off, pattern(64, 14)));
  const core::Error e = refused(core::Errc::kMisaligned, [&] { return dev().erase(large->off, smallest); });
  EXPECT_EQ(e.offset, large->off + smallest);
  EXPECT_EQ(e.expected, large->off + large->size);
}

TEST_P(FlashContract, Erase_AcrossRunsOfDifferentSizes_ErasesBothSectors) {
  if (geo().run_count < 2) GTEST_SKIP() << "uniform sectors";
  const flash::Sector a = sector(geo().runs[0].count - 1), b = sector(geo().runs[0].count);
  ASSERT_TRUE(dev().write(a.off, pattern(32, 15)));
  ASSERT_TRUE(dev().write(b.off + b.size - 32, pattern(32, 16)));
  ASSERT_TRUE(dev().erase(a.off, a.size + b.size));
  EXPECT_TRUE(all_erased(a.off, a.size + b.size));
}

TEST_P(FlashContract, StartErase_ThenWaitIdle_RangeErasedAndIdle) {
  const flash::Sector s = sector(0);
  ASSERT_TRUE(dev().write(s.off, pattern(64, 17)));
  ASSERT_TRUE(dev().start_erase(s.off, s.size));
  ASSERT_TRUE(dev().wait_idle());
  auto busy = dev().busy();
  ASSERT_TRUE(busy);
  EXPECT_FALSE(*busy);
  EXPECT_TRUE(all_erased(s.off, s.size));
}

TEST_P(FlashContract, StartErase_BackgroundDevice_BusyUntilDone) {
  if (!target_->async_erase()) GTEST_SKIP() << "erases synchronously";
  const flash::Sector s = sector(0);
  ASSERT_TRUE(dev().write(s.off, pattern(64, 18)));
  ASSERT_TRUE(dev().start_erase(s.off, s.size));
  auto busy = dev().busy();
  ASSERT_TRUE(busy);
  EXPECT_TRUE(*busy);
  target_->let_time_pass(1);
  EXPECT_TRUE(*dev().busy());
  ASSERT_TRUE(dev().wait_idle());
  EXPECT_FALSE(*dev().busy());
  EXPECT_TRUE(all_erased(s.off, s.size));
}

TEST_P(FlashContract, Read_WhileBackgroundEraseRuns_WaitsAndSeesErased) {
  if (!target_->async_erase()) GTEST_SKIP() << "erases synchronously";
  const flash::Sector s = sector(0);
  ASSERT_TRUE(dev().write(s.off, pattern(64, 19)));
  ASSERT_TRUE(dev().start_erase(s.off, s.size));
  EXPECT_TRUE(all_erased(s.off, 64));
  EXPECT_FALSE(*dev().busy());
}

TEST_P(FlashContract, StartErase_SynchronousDevice_NeverBusy) {
  if (target_->async_erase()) GTEST_SKIP() << "erases in the background";
  const flash::Sector s = sector(0);
  ASSERT_TRUE(dev().write(s.off, pattern(64, 20)));
  ASSERT_TRUE(dev().start_erase(s.off, s.size));
  auto busy = dev().busy();
  ASSERT_TRUE(busy);
  EXPECT_FALSE(*busy);
  EXPECT_TRUE(all_erased(s.off, s.size));
}

TEST_P(FlashContract, StartErase_EndInsideSector_MisalignedDeviceUnchanged) {
  const flash::Sector s = sector(0);
  ASSERT_TRUE(dev().write(s.off, pattern(64, 21)));
  refused(core::Errc::kMisaligned, [&] { return dev().start_erase(s.off, std::max(wb(), s.size / 2 / wb() * wb())); });
  EXPECT_FALSE(*dev().busy());
}

TEST_P(FlashContract, StartWrite_ThenWaitIdle_DataLands) {
  const uint32_t len = geo().page_size != 0 ? std::min<uint32_t>(geo().page_size, 64) : 64;
  const auto d = pattern(len, 22);
  ASSERT_TRUE(dev().start_write(0, d));
  ASSERT_TRUE(dev().wait_idle());
  EXPECT_EQ(read(0, d.size()), d);
}

TEST_P(FlashContract, StartWrite_CrossesProgramPage_InvalidArgumentDeviceUnchanged) {
  const uint32_t page = geo().page_size;
  if (page == 0) GTEST_SKIP() << "no program page";
  const auto d = pattern(2 * wb(), 23);
  const core::Error e = refused(core::Errc::kInvalidArgument, [&] { return dev().start_write(page - wb(), d); });
  EXPECT_EQ(e.offset, page - wb());
}

}  // namespace norboot::testing
