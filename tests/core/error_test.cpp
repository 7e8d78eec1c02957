#include "core/error.hpp"

#include <gtest/gtest.h>

#include "core/result.hpp"

namespace norboot::core::error_test {
namespace {

TEST(FormatError, AreaDeviceOffsetExpectedFound_AllNamed) {
  Error e = Error{.code = Errc::kBadMagic, .what = "TLV info magic"}.at("external", 0x49504).in_area("secondary").values(0x6907, 0);
  char buf[160];
  format_error(e, buf);
  EXPECT_STREQ(buf, "secondary (external @0x049504): TLV info magic: expected 0x6907, found 0x0");
}

TEST(FormatError, NoContext_JustWhat) {
  char buf[64];
  format_error(Error{.code = Errc::kTimeout, .what = "WIP poll"}, buf);
  EXPECT_STREQ(buf, "WIP poll");
}

TEST(FormatError, EmptyWhat_UsesCodeName) {
  char buf[64];
  format_error(Error{.code = Errc::kPowerLost}, buf);
  EXPECT_STREQ(buf, "power_lost");
}

TEST(FormatError, TinyBuffer_TruncatesAndTerminates) {
  char buf[8];
  size_t n = format_error(Error{.code = Errc::kIo, .what = "a long message here"}, buf);
  EXPECT_EQ(n, 7u);
  EXPECT_EQ(buf[7], '\0');
}

Result<int> half(int v) {
  if (v % 2) return fail(Errc::kInvalidArgument, "odd");
  return v / 2;
}
Result<int> quarter(int v) {
  int h = NB_TRY(half(v));
  return NB_TRY(half(h));
}
Status check_even(int v) {
  NB_TRY(half(v));
  return ok();
}

TEST(NbTry, PropagatesErrorAndYieldsValue) {
  EXPECT_EQ(*quarter(8), 2);
  auto r = quarter(6);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
  EXPECT_TRUE(check_even(4));
  EXPECT_FALSE(check_even(3));
}

}  // namespace
}  // namespace norboot::core::error_test
