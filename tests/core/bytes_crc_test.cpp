#include <array>
#include <string_view>

#include <gtest/gtest.h>

#include "core/bytes.hpp"
#include "core/crc.hpp"
#include "core/text.hpp"

namespace norboot::core::bytes_crc_test {
namespace {

std::span<const std::byte> sv(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }

TEST(Crc, CheckValuesOfTheStandardString) {
  EXPECT_EQ(crc16_xmodem(sv("123456789")), 0x31C3);
  EXPECT_EQ(crc32(sv("123456789")), 0xCBF43926u);
  EXPECT_EQ(crc8(sv("123456789")), 0xF4);
}

TEST(Crc, IncrementalEqualsOneShot) {
  EXPECT_EQ(crc32(sv("6789"), crc32(sv("12345"))), crc32(sv("123456789")));
  EXPECT_EQ(crc16_xmodem(sv("6789"), crc16_xmodem(sv("12345"))), 0x31C3);
}

TEST(Bytes, LittleAndBigEndianRoundTrip) {
  std::array<std::byte, 8> b{};
  store_le32(b, 0, 0x96f3b83d);
  EXPECT_EQ(b[0], std::byte{0x3d});
  EXPECT_EQ(load_le32(b), 0x96f3b83du);
  store_be16(b, 4, 0x1337);
  EXPECT_EQ(b[4], std::byte{0x13});
  EXPECT_EQ(load_be16(b, 4), 0x1337);
  store_le64(b, 0, 0x0102030405060708ull);
  EXPECT_EQ(load_le64(b), 0x0102030405060708ull);
}

TEST(TextBuf, FormatsNumbersAndMarksTruncation) {
  char storage[32];
  TextBuf t(storage);
  t.str("n=").dec(300000).ch(' ').hex(0xc000, 8).ch(' ').sdec(-5);
  EXPECT_EQ(t.view(), "n=300000 0x0000c000 -5");
  char small[6];
  TextBuf s(small);
  s.str("abcdefgh");
  EXPECT_TRUE(s.truncated());
  EXPECT_EQ(std::string_view(small), "abcd~");
}

TEST(TextBuf, Dec_SixtyFourBitExtremes_AllDigits) {
  char storage[64];
  TextBuf t(storage);
  t.dec(UINT64_MAX).ch(' ').sdec(INT64_MIN).ch(' ').dec(4294967296ull).ch(' ').dec(0);
  EXPECT_EQ(t.view(), "18446744073709551615 -9223372036854775808 4294967296 0");
}

}  // namespace
}  // namespace norboot::core::bytes_crc_test
