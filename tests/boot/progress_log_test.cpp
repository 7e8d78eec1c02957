#include "boot/progress_log.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "flash/ram_flash.hpp"

namespace norboot::boot::progress_log_test {
namespace {

TEST(ProgressRecord, EveryPartialProgramming_ReadsAbsentNeverWrong) {
  // All 2^k subsets are too many for 64 bits; every single missed bit and every prefix/suffix of
  // programmed bits covers the torn patterns a program cut produces, plus 100k random subsets.
  std::array<std::byte, 8> full{};
  ProgressLog::encode(0x1234, full, std::byte{0xFF});
  ASSERT_EQ(ProgressLog::decode(full), 0x1234);
  auto torn_with = [&](uint64_t keep_unprogrammed) {
    std::array<std::byte, 8> r{};
    for (int i = 0; i < 8; ++i) {
      const uint8_t want = std::to_integer<uint8_t>(full[i]);
      const uint8_t missed = static_cast<uint8_t>(keep_unprogrammed >> (8 * i));
      r[i] = std::byte(want | missed);  // missed bits stay 1
    }
    return ProgressLog::decode(r);
  };
  uint64_t zeros = 0;
  for (int i = 0; i < 8; ++i) zeros |= uint64_t{static_cast<uint8_t>(~std::to_integer<uint8_t>(full[i]))} << (8 * i);
  for (int b = 0; b < 64; ++b) {
    const uint64_t bit = uint64_t{1} << b;
    if (zeros & bit) {
      EXPECT_EQ(torn_with(bit), -1) << b;
    }
  }
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 100000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    const uint64_t missed = x & zeros;
    if (missed != 0) {
      ASSERT_EQ(torn_with(missed), -1);
    }
  }
  EXPECT_EQ(torn_with(zeros), -1) << "erased";
}

struct LogFixture : ::testing::Test {
  std::vector<std::byte> mem = std::vector<std::byte>(4096);
  flash::RamFlash dev{"internal", flash::Geometry::uniform(4096, 1, 4), mem};
  flash::Area area{&dev, 0, 4096, "primary"};
  void SetUp() override { dev.format(); }
};

TEST_F(LogFixture, AppendThenScan_CountsStages) {
  ProgressLog log(area, 64, 16, 8);
  EXPECT_EQ(*log.scan(), 0u);
  for (uint32_t i = 0; i < 5; ++i) ASSERT_TRUE(log.append(i));
  ProgressLog again(area, 64, 16, 8);
  EXPECT_EQ(*again.scan(), 5u);
  EXPECT_EQ(again.next_slot(), 5u);
}

TEST_F(LogFixture, TornSlot_SkippedAndNextRecordGoesAfterIt) {
  ProgressLog log(area, 0, 16, 8);
  ASSERT_TRUE(log.append(0));
  std::array<std::byte, 4> half{std::byte{0x01}, std::byte{0x00}, std::byte{0xFF}, std::byte{0x5A}};  // first word only
  ASSERT_TRUE(area.write(8, half));
  ProgressLog again(area, 0, 16, 8);
  EXPECT_EQ(*again.scan(), 1u);
  EXPECT_EQ(again.next_slot(), 2u) << "the torn slot is never written twice";
  ASSERT_TRUE(again.append(1));
  ProgressLog third(area, 0, 16, 8);
  EXPECT_EQ(*third.scan(), 2u);
}

TEST_F(LogFixture, OutOfOrderRecords_CorruptNamesOffset) {
  ProgressLog log(area, 0, 16, 8);
  ASSERT_TRUE(log.append(0));
  ASSERT_TRUE(log.append(7));
  ProgressLog again(area, 0, 16, 8);
  auto r = again.scan();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kCorrupt);
  EXPECT_EQ(r.error().offset, 8u);
  EXPECT_EQ(r.error().found, 7u);
}

TEST_F(LogFixture, Full_NoSpace) {
  ProgressLog log(area, 0, 2, 8);
  ASSERT_TRUE(log.append(0));
  ASSERT_TRUE(log.append(1));
  EXPECT_EQ(log.append(2).error().code, core::Errc::kNoSpace);
}

}  // namespace
}  // namespace norboot::boot::progress_log_test
