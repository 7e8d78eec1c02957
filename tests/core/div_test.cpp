// div_u64 against the compiler's own 64-bit division.
#include "core/div.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>

namespace norboot::core::div_test {
namespace {

void expect_exact(uint64_t n, uint32_t d) {
  const DivU64 qr = div_u64(n, d);
  EXPECT_EQ(qr.quot, n / d) << n << " / " << d;
  EXPECT_EQ(qr.rem, n % d) << n << " % " << d;
}

TEST(DivU64, EdgeValues_SameAsNativeDivision) {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  constexpr uint32_t kMax32 = std::numeric_limits<uint32_t>::max();
  for (uint64_t n : {uint64_t{0}, uint64_t{1}, uint64_t{9}, uint64_t{10}, uint64_t{kMax32}, uint64_t{kMax32} + 1,
                     uint64_t{1} << 63, kMax - 1, kMax}) {
    for (uint32_t d : {1u, 2u, 3u, 10u, 16u, 100u, 0x10000u, 0x80000000u, kMax32 - 1, kMax32}) expect_exact(n, d);
  }
}

TEST(DivU64, SeededRandom_SameAsNativeDivision) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const uint64_t n = rng() >> (rng() % 64);
    const auto d = static_cast<uint32_t>(std::max<uint64_t>(rng() >> (32 + rng() % 32), 1));
    expect_exact(n, d);
  }
}

TEST(DivU64, DeadlineArithmetic_NanosecondsTimesMarginOverHundred) {
  // SpiNor::start_pending: a 400 s chip-erase maximum × 150 % is 600 s, above 2^32 ns.
  expect_exact(400'000'000'000ull * 150, 100);
  EXPECT_EQ(div_u64(400'000'000'000ull * 150, 100).quot, 600'000'000'000ull);
}

}  // namespace
}  // namespace norboot::core::div_test
