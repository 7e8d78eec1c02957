// core on the target: CRC check values, byte order, TextBuf (64-bit decimal goes through the
// 64-bit division helper on a 32-bit CPU), error formatting and NB_TRY propagation.
#include <array>
#include <cstring>
#include <string_view>

#include "core/bytes.hpp"
#include "core/crc.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "harness/check.hpp"

namespace norboot::target {
namespace {

std::span<const std::byte> text_bytes(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }

void crc_check_values_match_catalogue(Check& c) {
  const auto msg = text_bytes("123456789");
  NB_EXPECT_EQ(c, core::crc16_xmodem(msg), 0x31C3u);
  NB_EXPECT_EQ(c, core::crc32(msg), 0xCBF43926u);
  NB_EXPECT_EQ(c, core::crc8(msg), 0xF4u);
}

void crc32_split_input_same_as_whole(Check& c) {
  const auto msg = text_bytes("The quick brown fox jumps over the lazy dog");
  for (size_t cut = 0; cut <= msg.size(); ++cut) {
    const uint32_t split = core::crc32(msg.subspan(cut), core::crc32(msg.first(cut)));
    if (!NB_EXPECT_EQ(c, split, 0x414FA339u)) return;
  }
}

void bytes_little_and_big_endian_round_trip(Check& c) {
  std::array<std::byte, 8> b{};
  core::store_le32(b, 0, 0x11223344u);
  NB_EXPECT_EQ(c, std::to_integer<uint32_t>(b[0]), 0x44u);
  NB_EXPECT_EQ(c, core::load_le32(b), 0x11223344u);
  core::store_be32(b, 4, 0xA1B2C3D4u);
  NB_EXPECT_EQ(c, std::to_integer<uint32_t>(b[4]), 0xA1u);
  NB_EXPECT_EQ(c, core::load_be32(b, 4), 0xA1B2C3D4u);
  core::store_le64(b, 0, 0x0102030405060708ull);
  NB_EXPECT_EQ(c, core::load_le64(b), 0x0102030405060708ull);
}

void textbuf_formats_64bit_values(Check& c) {
  std::array<char, 64> buf;
  core::TextBuf t(buf);
  t.dec(18446744073709551615ull).ch(' ').sdec(-9223372036854775807ll - 1).ch(' ').hex(0xBEEF, 8);
  NB_EXPECT_EQ(c, t.view(), std::string_view("18446744073709551615 -9223372036854775808 0x0000beef"));
}

void textbuf_overflow_cut_and_marked(Check& c) {
  std::array<char, 8> buf;
  core::TextBuf t(buf);
  t.str("0123456789abcdef");
  NB_EXPECT(c, t.truncated());
  NB_EXPECT(c, t.size() < buf.size());
  NB_EXPECT_EQ(c, buf[t.size()], '\0');
}

void format_error_names_area_device_offset_and_values(Check& c) {
  const core::Error e = core::Error{.code = core::Errc::kMismatch, .what = "image hash"}
                            .at("external", 0x49504)
                            .in_area("secondary")
                            .values(0x12, 0x34);
  std::array<char, 160> out;
  const size_t n = core::format_error(e, out);
  const std::string_view s(out.data(), n);
  NB_EXPECT(c, s.find("secondary") != std::string_view::npos);
  NB_EXPECT(c, s.find("external") != std::string_view::npos);
  NB_EXPECT(c, s.find("0x049504") != std::string_view::npos || s.find("0x49504") != std::string_view::npos);
  NB_EXPECT(c, s.find("image hash") != std::string_view::npos);
  NB_EXPECT_EQ(c, core::errc_name(core::Errc::kMismatch), std::string_view("mismatch"));
}

core::Result<int> half(int v) {
  if (v % 2 != 0) return core::fail(core::Errc::kInvalidArgument, "odd value");
  return v / 2;
}
core::Result<int> quarter(int v) {
  const int h = NB_TRY(half(v));
  return NB_TRY(half(h));
}

void nb_try_returns_first_error_and_passes_values(Check& c) {
  auto good = quarter(12);
  NB_ASSERT_OK(c, good);
  NB_EXPECT_EQ(c, *good, 3);
  NB_EXPECT_ERRC(c, quarter(6), core::Errc::kInvalidArgument);
}

constexpr Case kCases[] = {
    {"Core", "Crc_CheckValues_MatchCatalogue", crc_check_values_match_catalogue},
    {"Core", "Crc32_SplitInput_SameAsWhole", crc32_split_input_same_as_whole},
    {"Core", "Bytes_LittleAndBigEndian_RoundTrip", bytes_little_and_big_endian_round_trip},
    {"Core", "TextBuf_64BitValues_Formatted", textbuf_formats_64bit_values},
    {"Core", "TextBuf_Overflow_CutAndMarked", textbuf_overflow_cut_and_marked},
    {"Core", "FormatError_NamesAreaDeviceOffsetAndValues", format_error_names_area_device_offset_and_values},
    {"Core", "NbTry_Error_ReturnedFirstValuesPassed", nb_try_returns_first_error_and_passes_values},
};
const Suite kSuite(kCases);

}  // namespace
}  // namespace norboot::target
