// The SFDP decoder against the real MX25R6435F basic table and against broken variants of it.
#include "spinor/sfdp.hpp"

#include <gtest/gtest.h>

#include "sfdp_images.hpp"

namespace norboot::testing::sfdp_test {
namespace {

using spinor::ChipInfo;
using namespace spinor::sfdp;
constexpr uint64_t kUs = 1000, kMs = 1000 * kUs, kS = 1000 * kMs;

ChipInfo decode(const std::vector<std::byte>& t, int len_dw = -1) {
  ChipInfo info;
  auto s = parse_basic_table(t, static_cast<uint8_t>(len_dw >= 0 ? len_dw : static_cast<int>(t.size() / 4)), info);
  EXPECT_TRUE(s) << (s ? "" : s.error().what);
  return info;
}

core::Error refused(const std::vector<std::byte>& t, int len_dw = -1) {
  ChipInfo info;
  auto s = parse_basic_table(t, static_cast<uint8_t>(len_dw >= 0 ? len_dw : static_cast<int>(t.size() / 4)), info);
  EXPECT_FALSE(s);
  return s ? core::Error{} : s.error();
}

TEST(Sfdp, BasicTable_Mx25r6435f_DecodesGeometry) {
  const ChipInfo c = decode(mx25r6435f_bfp());
  EXPECT_EQ(c.size, 8u << 20);
  EXPECT_EQ(c.page_size, 256u);
  EXPECT_EQ(c.address_bytes, spinor::AddressBytes::k3Only);
  ASSERT_EQ(c.erase_count, 3);
  EXPECT_EQ(c.erase[0].size, 4096u);
  EXPECT_EQ(c.erase[0].opcode, 0x20);
  EXPECT_EQ(c.erase[1].size, 32768u);
  EXPECT_EQ(c.erase[1].opcode, 0x52);
  EXPECT_EQ(c.erase[2].size, 65536u);
  EXPECT_EQ(c.erase[2].opcode, 0xD8);
}

TEST(Sfdp, BasicTable_Mx25r6435f_DecodesTypicalAndMaximumTimes) {
  const ChipInfo c = decode(mx25r6435f_bfp());
  EXPECT_EQ(c.erase[0].typ_ns, 48 * kMs);
  EXPECT_EQ(c.erase[0].max_ns, 384 * kMs);  // ×8
  EXPECT_EQ(c.erase[1].typ_ns, 240 * kMs);
  EXPECT_EQ(c.erase[2].typ_ns, 480 * kMs);
  EXPECT_EQ(c.erase[2].max_ns, 3840 * kMs);
  EXPECT_EQ(c.page_program_typ_ns, 896 * kUs);
  EXPECT_EQ(c.page_program_max_ns, 6 * 896 * kUs);  // ×6
  EXPECT_EQ(c.byte_program_first_ns, 32 * kUs);
  EXPECT_EQ(c.byte_program_more_ns, 1 * kUs);
  EXPECT_EQ(c.chip_erase_typ_ns, 52 * kS);
  EXPECT_EQ(c.chip_erase_max_ns, 312 * kS);
}

TEST(Sfdp, BasicTable_Mx25r6435f_DecodesPowerDownResetAnd4ByteFields) {
  const ChipInfo c = decode(mx25r6435f_bfp());
  EXPECT_TRUE(c.has_deep_power_down);
  EXPECT_EQ(c.dp_enter_opcode, 0xB9);
  EXPECT_EQ(c.dp_exit_opcode, 0xAB);
  EXPECT_EQ(c.dp_exit_ns, 40 * kUs);
  EXPECT_TRUE(c.soft_reset_66_99);
  EXPECT_EQ(c.enter_4b_methods, 0) << "all ones means not applicable on a 3-byte part";
  EXPECT_FALSE(c.has_4b_read_program);
}

TEST(Sfdp, BasicTable_Nrf54l15Variant_SameGeometry) {
  auto t = mx25r6435f_bfp();
  t[46] = std::byte{0x48};  // DW12 differs in one byte on the nRF54L15-DK copy
  const ChipInfo a = decode(mx25r6435f_bfp()), b = decode(t);
  EXPECT_EQ(a.size, b.size);
  EXPECT_EQ(a.erase_count, b.erase_count);
  EXPECT_EQ(a.page_program_typ_ns, b.page_program_typ_ns);
}

TEST(Sfdp, ProgramTime_ShortWriteUsesByteModel_FullPageUsesPageTime) {
  const ChipInfo c = decode(mx25r6435f_bfp());
  EXPECT_EQ(c.program_typ_ns(1), 32 * kUs);
  EXPECT_EQ(c.program_typ_ns(16), 47 * kUs);
  EXPECT_EQ(c.program_typ_ns(256), 896 * kUs);
  EXPECT_LE(c.program_typ_ns(255), 896 * kUs);
}

TEST(Sfdp, BasicTable_Jesd216NineDwords_DefaultsForMissingTimes) {
  auto t = mx25r6435f_bfp();
  t.resize(9 * 4);
  const ChipInfo c = decode(t);
  EXPECT_EQ(c.size, 8u << 20);
  EXPECT_EQ(c.page_size, 256u) << "no DW11: 256-byte pages";
  EXPECT_GT(c.erase[0].typ_ns, 0u);
  EXPECT_GE(c.erase[0].max_ns, c.erase[0].typ_ns);
  EXPECT_GT(c.page_program_max_ns, 0u);
  EXPECT_GT(c.chip_erase_max_ns, 0u);
  EXPECT_FALSE(c.has_deep_power_down) << "no DW14: unknown, so not used";
}

TEST(Sfdp, BasicTable_HeaderLengthShorterThanBytes_OnlyThoseDwordsDecoded) {
  const ChipInfo c = decode(mx25r6435f_bfp(), 10);  // DW10 (erase times) yes, DW11 (page) no
  EXPECT_EQ(c.erase[0].typ_ns, 48 * kMs);
  EXPECT_EQ(c.byte_program_first_ns, 0u);
}

TEST(Sfdp, BasicTable_EightDwords_CorruptNamesLength) {
  auto t = mx25r6435f_bfp();
  t.resize(8 * 4);
  const core::Error e = refused(t);
  EXPECT_EQ(e.code, core::Errc::kCorrupt);
  EXPECT_EQ(e.expected, 9u);
  EXPECT_EQ(e.found, 8u);
}

TEST(Sfdp, BasicTable_BytesShorterThanHeaderLength_InvalidArgument) {
  auto t = mx25r6435f_bfp();
  t.resize(12 * 4);
  EXPECT_EQ(refused(t, 16).code, core::Errc::kInvalidArgument);
}

TEST(Sfdp, BasicTable_AllOnes_Corrupt) {
  std::vector<std::byte> t(64, std::byte{0xFF});
  EXPECT_EQ(refused(t).code, core::Errc::kCorrupt);
}

TEST(Sfdp, BasicTable_NoEraseType_CorruptNamesField) {
  auto t = mx25r6435f_bfp();
  set_dw(t, 8, 0);
  set_dw(t, 9, 0);
  const core::Error e = refused(t);
  EXPECT_EQ(e.code, core::Errc::kCorrupt);
  EXPECT_NE(std::string(e.what).find("erase type"), std::string::npos) << e.what;
}

TEST(Sfdp, BasicTable_EraseTypeLargerThanDevice_CorruptExpectedVsFound) {
  auto t = mx25r6435f_bfp();
  set_dw(t, 9, 0xFF00D818);  // type 3: 2^24 = 16 MiB on an 8 MiB part
  const core::Error e = refused(t);
  EXPECT_EQ(e.code, core::Errc::kCorrupt);
  EXPECT_EQ(e.expected, 8u << 20);
  EXPECT_EQ(e.found, 16u << 20);
}

TEST(Sfdp, BasicTable_PageLargerThanSmallestErase_Corrupt) {
  auto t = mx25r6435f_bfp();
  set_dw(t, 11, (get_dw(t, 11) & ~0xF0u) | 0xD0u);  // 2^13 = 8 KiB pages, 4 KiB sectors
  EXPECT_EQ(refused(t).code, core::Errc::kCorrupt);
}

TEST(Sfdp, BasicTable_ReservedAddressBytes_Corrupt) {
  auto t = mx25r6435f_bfp();
  set_dw(t, 1, get_dw(t, 1) | (3u << 17));
  EXPECT_EQ(refused(t).code, core::Errc::kCorrupt);
}

TEST(Sfdp, Density_ExponentForm_And_LinearForm) {
  auto t = mx25r6435f_bfp();
  set_dw(t, 2, 0x80000000u | 28);  // 2^28 bits = 32 MiB
  EXPECT_EQ(decode(t).size, 32u << 20);
  set_dw(t, 2, 0x80000000u | 40);  // 128 GiB: beyond a 32-bit offset
  EXPECT_EQ(refused(t).code, core::Errc::kCorrupt);
  set_dw(t, 2, 0x01FFFFFF);  // 32 Mbit, the MX25R3235F
  EXPECT_EQ(decode(t).size, 4u << 20);
}

TEST(Sfdp, Dw16_DedicatedOpcodesBit_Gives4ByteEraseOpcodes) {
  auto t = mx25r_bfp_with_size(32u << 20);
  set_dw(t, 1, (get_dw(t, 1) & ~(3u << 17)) | (1u << 17));  // 3 or 4 address bytes
  set_dw(t, 16, (get_dw(t, 16) & 0x00FFFFFF) | (0x21u << 24));  // B7h, dedicated 4-byte set
  const ChipInfo c = decode(t);
  EXPECT_EQ(c.address_bytes, spinor::AddressBytes::k3Or4);
  EXPECT_EQ(c.enter_4b_methods, 0x21);
  EXPECT_TRUE(c.has_4b_read_program);
  EXPECT_EQ(c.erase[0].opcode_4b, 0x21);
  EXPECT_EQ(c.erase[1].opcode_4b, 0x5C);
  EXPECT_EQ(c.erase[2].opcode_4b, 0xDC);
}

TEST(Sfdp, FourByteTable_ListedTypesGetOpcodes_UnlistedNone) {
  ChipInfo c = decode(mx25r_bfp_with_size(32u << 20));
  std::vector<std::byte> t(8);
  set_dw(t, 1, (1u << 1) | (1u << 6) | (1u << 9) | (1u << 11));  // 0C, 12, types 1 and 3
  set_dw(t, 2, 0xFFDC5C21);
  ASSERT_TRUE(parse_4byte_table(t, 2, c));
  EXPECT_TRUE(c.has_4b_read_program);
  EXPECT_EQ(c.erase[0].opcode_4b, 0x21);
  EXPECT_EQ(c.erase[1].opcode_4b, 0) << "type 2 not listed in DW1";
  EXPECT_EQ(c.erase[2].opcode_4b, 0xDC);
}

TEST(Sfdp, FourByteTable_OneDword_Corrupt) {
  ChipInfo c = decode(mx25r6435f_bfp());
  std::vector<std::byte> t(8);
  EXPECT_EQ(parse_4byte_table(t, 1, c).error().code, core::Errc::kCorrupt);
}

TEST(Sfdp, Header_Signature_And_ParameterHeader) {
  const auto img = sfdp_image(mx25r6435f_bfp());
  auto h = parse_header(img);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->major, 1);
  EXPECT_EQ(h->param_count, 1);
  const ParamHeader ph = parse_param_header(std::span(img).subspan(8));
  EXPECT_EQ(ph.id, kIdBasic);
  EXPECT_EQ(ph.len_dw, 16);
  EXPECT_EQ(ph.pointer, 16u);
}

TEST(Sfdp, Header_NoSignature_BadMagicExpectedVsFound) {
  std::vector<std::byte> img(8, std::byte{0xFF});
  auto h = parse_header(img);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code, core::Errc::kBadMagic);
  EXPECT_EQ(h.error().expected, kSignature);
  EXPECT_EQ(h.error().found, 0xFFFFFFFFu);
}

}  // namespace
}  // namespace norboot::testing::sfdp_test
