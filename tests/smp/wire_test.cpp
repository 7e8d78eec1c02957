// Wire format: header round trips and the bytes observed from a real Zephyr 4.4.0 SMP server
// (reference smp.md §1), byte for byte.
#include <gtest/gtest.h>

#include "smp_rig.hpp"

namespace norboot::smp::wire_test {
namespace {

using testing::SmpRig;
using testing::to_bytes;

std::vector<std::byte> hex(std::string_view s) {
  std::vector<std::byte> out;
  for (size_t i = 0; i + 1 < s.size();) {
    if (s[i] == ' ') {
      ++i;
      continue;
    }
    out.push_back(static_cast<std::byte>(std::stoi(std::string(s.substr(i, 2)), nullptr, 16)));
    i += 2;
  }
  return out;
}

TEST(Header, EncodeDecode_RoundTripsEveryField) {
  Header h{kVersion2, static_cast<uint8_t>(Op::kWrite), 0x5A, 0x1234, 0xBEEF, 0xC3, 0x77};
  std::array<std::byte, kHeaderSize> raw{};
  encode_header(h, raw);
  EXPECT_EQ(raw[0], std::byte{0x0A});  // (version 1 << 3) | op 2
  EXPECT_EQ(raw[2], std::byte{0x12});  // big-endian length
  EXPECT_EQ(raw[4], std::byte{0xBE});  // big-endian group
  EXPECT_EQ(*decode_header(raw), h);
}

TEST(Header, Decode_ShorterThanEightBytes_Nothing) {
  std::array<std::byte, 7> raw{};
  EXPECT_FALSE(decode_header(raw).has_value());
}

TEST(Header, ResponseHeader_NewerVersionIsAnsweredInV2) {
  Header req{2, static_cast<uint8_t>(Op::kRead), 0, 0, 0, 9, 6};
  Header rsp = response_header(req);
  EXPECT_EQ(rsp.version, kVersion2);
  EXPECT_EQ(rsp.op, static_cast<uint8_t>(Op::kReadResponse));
  EXPECT_EQ(rsp.seq, 9);
}

TEST(ObservedBytes, EchoV2_ResponseMatchesZephyr) {
  SmpRig rig;
  auto rsp = rig.send(hex("0a 00 0006 0000 01 00  a1 61 64 62 6869"));
  EXPECT_EQ(rsp.raw, hex("0b 00 0007 0000 01 00  bf 61 72 62 6869 ff"));
}

TEST(ObservedBytes, EchoV1_AnsweredInV1) {
  SmpRig rig;
  auto rsp = rig.send(hex("02 00 0006 0000 02 00  a1 61 64 62 6869"));
  EXPECT_EQ(rsp.raw, hex("03 00 0007 0000 02 00  bf 61 72 62 6869 ff"));
}

TEST(ObservedBytes, Params_ResponseMatchesZephyrShape) {
  SmpRig rig;
  rig.config.buf_size = 2048;
  rig.config.buf_count = 2;
  auto rsp = rig.send(hex("08 00 0000 0000 04 06"));
  // {"buf_size":2048,"buf_count":2} as an indefinite map: 0x19 bytes, as observed.
  EXPECT_EQ(rsp.raw, hex("09 00 0019 0000 04 06 bf 68 6275665f73697a65 19 0800 69 6275665f636f756e74 02 ff"));
}

TEST(CborWriter, Overflow_IsStickyAndReported) {
  std::array<std::byte, 4> buf{};
  CborWriter w(buf);
  w.indef_map().key("abcdef");
  EXPECT_FALSE(w.ok());
  w.uint(1);
  EXPECT_FALSE(w.ok());
  EXPECT_LE(w.size(), buf.size());
}

TEST(CborWriter, NegativeAndLargeIntegers_DecodeBack) {
  std::array<std::byte, 64> buf{};
  CborWriter w(buf);
  w.map(3).key("a").sint(-1).key("b").sint(-1000000).key("c").uint(0xFFFFFFFFFFull);
  ASSERT_TRUE(w.ok());
  auto j = nlohmann::json::from_cbor(testing::to_u8(w.written()));
  EXPECT_EQ(j["a"], -1);
  EXPECT_EQ(j["b"], -1000000);
  EXPECT_EQ(j["c"], 0xFFFFFFFFFFull);
}

TEST(CborReader, DecodeFields_AnyKeyOrderDefiniteOrIndefinite_UnknownKeysIgnored) {
  // {_ "zz": [1, {"x": 2}], "len": 10, "off": 5, "data": h'0102'} with an indefinite map.
  auto body = hex("bf 62 7a7a 82 01 a1 61 78 02 63 6c656e 0a 63 6f6666 05 64 64617461 42 0102 ff");
  constexpr std::array<FieldSpec, 3> spec{{{"off", FieldType::kUint}, {"data", FieldType::kBytes},
                                           {"len", FieldType::kUint}}};
  std::array<FieldValue, 3> v;
  BodyProblem p;
  ASSERT_TRUE(decode_fields(body, spec, v, p)) << p.what;
  EXPECT_EQ(v[0].u, 5u);
  EXPECT_EQ(v[1].bytes.size(), 2u);
  EXPECT_EQ(v[2].u, 10u);
}

TEST(CborReader, DecodeFields_IndefiniteTextKey_IsJoined) {
  auto body = hex("a1 7f 61 6f 62 6666 ff 07");  // {(_ "o", "ff"): 7}
  constexpr std::array<FieldSpec, 1> spec{{{"off", FieldType::kUint}}};
  std::array<FieldValue, 1> v;
  BodyProblem p;
  ASSERT_TRUE(decode_fields(body, spec, v, p)) << p.what;
  EXPECT_TRUE(v[0].present);
  EXPECT_EQ(v[0].u, 7u);
}

struct BadBody {
  const char* name;
  const char* hex;
};

class CborReaderBad : public ::testing::TestWithParam<BadBody> {};

TEST_P(CborReaderBad, DecodeFields_MalformedBody_ReportsAProblem) {
  auto body = hex(GetParam().hex);
  constexpr std::array<FieldSpec, 1> spec{{{"off", FieldType::kUint}}};
  std::array<FieldValue, 1> v;
  BodyProblem p;
  EXPECT_FALSE(decode_fields(body, spec, v, p));
  EXPECT_STRNE(p.what, "");
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, CborReaderBad,
    ::testing::Values(BadBody{"NotAMap", "82 01 02"}, BadBody{"TruncatedMap", "a2 63 6f6666 01"},
                      BadBody{"TruncatedString", "a1 63 6f66"}, BadBody{"CountLargerThanBody", "bb 00ffffffffffffff"},
                      BadBody{"ReservedAdditionalInfo", "a1 63 6f6666 1c"},
                      BadBody{"BreakInDefiniteMap", "a1 63 6f6666 ff"},
                      BadBody{"TrailingBytes", "a1 63 6f6666 01 00"},
                      BadBody{"IndefiniteMapWithoutBreak", "bf 63 6f6666 01"},
                      BadBody{"WrongTypeForOff", "a1 63 6f6666 61 78"},
                      BadBody{"NegativeOff", "a1 63 6f6666 20"},
                      BadBody{"DeepNesting", "a1 61 7a 81818181818181818181818181818181818100"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace norboot::smp::wire_test
