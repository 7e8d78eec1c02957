#include "image/tlv.hpp"

#include <gtest/gtest.h>

#include "core/bytes.hpp"
#include "slot_fixture.hpp"

namespace norboot::image::tlv_test {
namespace {

std::vector<std::string> vector_images() {
  std::vector<std::string> out;
  for (const auto& f : testing::manifest()["files"]) {
    const std::string path = f["path"];
    if ((f["kind"] == "image" || f["kind"] == "tampered_image") && path.ends_with(".bin")) out.push_back(path);
  }
  return out;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string s = info.param;
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return s;
}

const nlohmann::json& entry(const std::string& path) {
  for (const auto& f : testing::manifest()["files"]) {
    if (f["path"] == path) return f;
  }
  throw std::runtime_error("not in manifest: " + path);
}

class TlvVectors : public ::testing::TestWithParam<std::string> {};

// The manifest's independent parse (make_vectors.py) lists every entry; the iterator must find the
// same ones, or stop with an error where the file is cut short.
TEST_P(TlvVectors, Iterator_MatchesIndependentParse) {
  const auto& f = entry(GetParam());
  auto slot = testing::slot_from_vector(GetParam());
  auto h = read_header(slot->area());
  if (!h) GTEST_SKIP() << "header refused: " << h.error().what;  // truncated/flipped header: validator tests
  auto layout = read_tlv_layout(slot->area(), *h);
  if (!layout) {
    // Only a file cut short may fail here: the independent parse failed too, or ends past the file.
    const auto& p = f["parsed"];
    EXPECT_TRUE(p.contains("parse_error") || p["file_bytes"].get<uint32_t>() < p["image_end"].get<uint32_t>())
        << layout.error().what;
    return;
  }
  if (f["parsed"].contains("parse_error")) {
    // The independent parse stopped inside the TLV area (a file cut after the TLV info header):
    // the layout read from that header must say the area runs past the end of the file.
    EXPECT_GT(layout->end(), f["parsed"]["file_bytes"].get<uint32_t>()) << f["parsed"]["parse_error"];
    return;
  }
  EXPECT_EQ(layout->end(), f["parsed"]["image_end"].get<uint32_t>());
  EXPECT_EQ(layout->prot_size != 0 ? 2u : 1u, f["parsed"]["tlv_info"].size());
  TlvIterator it(slot->area(), *layout);
  TlvEntry e;
  size_t i = 0;
  for (; it.next(e).value_or(false); ++i) {
    ASSERT_LT(i, f["parsed"]["tlvs"].size());
    const auto& want = f["parsed"]["tlvs"][i];
    EXPECT_EQ(e.type, std::stoul(want["type"].get<std::string>(), nullptr, 16));
    EXPECT_EQ(e.len, want["len"].get<int>());
    EXPECT_EQ(e.value_off, want["value_off"].get<uint32_t>());
    EXPECT_EQ(e.in_protected, want["area"] == "protected");
  }
  EXPECT_EQ(i, f["parsed"]["tlvs"].size());
}

INSTANTIATE_TEST_SUITE_P(Vectors, TlvVectors, ::testing::ValuesIn(vector_images()), test_name);

TEST(Tlv, Iterator_LengthPastAreaEnd_CorruptWithRoomAndLength) {
  auto bytes = testing::read_bytes(testing::vector_path("images/ecdsa_p256_1k.bin"));
  core::store_le16(bytes, 1580 - 2, 0xffff);  // KEYHASH length
  testing::Slot slot(bytes);
  auto h = read_header(slot.area());
  auto layout = read_tlv_layout(slot.area(), *h);
  ASSERT_TRUE(layout);
  TlvIterator it(slot.area(), *layout);
  TlvEntry e;
  ASSERT_TRUE(it.next(e).value());  // SHA256
  auto r = it.next(e);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kCorrupt);
  EXPECT_STREQ(r.error().what, "TLV length runs past the end of its area");
  EXPECT_EQ(r.error().offset, 1578u);
  EXPECT_EQ(r.error().found, 0xffffu);
  EXPECT_EQ(r.error().expected, 1688u - 1580u);
}

TEST(Tlv, Layout_ErasedTlvInfo_BadMagicExpected6907Found0xffff) {
  auto bytes = testing::read_bytes(testing::vector_path("images/ecdsa_p256_1k.bin"));
  bytes.resize(1536);  // header + payload, then erased flash
  testing::Slot slot(bytes, 0x1000);
  auto h = read_header(slot.area());
  auto r = read_tlv_layout(slot.area(), *h);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kBadMagic);
  EXPECT_STREQ(r.error().what, "TLV info magic");
  EXPECT_EQ(r.error().offset, 1536u);
  EXPECT_EQ(r.error().expected, kTlvInfoMagic);
  EXPECT_EQ(r.error().found, 0xffffu);
}

TEST(Tlv, Layout_ProtectedTotalDisagreesWithHeader_Corrupt) {
  auto bytes = testing::read_bytes(testing::vector_path("images/ecdsa_p256_seccnt7.bin"));
  core::store_le16(bytes, 1536 + 2, 0x10);  // header says 0xc
  testing::Slot slot(bytes);
  auto r = read_tlv_layout(slot.area(), *read_header(slot.area()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().expected, 0xcu);
  EXPECT_EQ(r.error().found, 0x10u);
}

TEST(Tlv, Kind_NamesMatchImgtoolAndVendorRange) {
  EXPECT_EQ(tlv_kind(kTlvEcdsaSig).name, "ECDSASIG");
  EXPECT_EQ(tlv_kind(kTlvSecCnt).role, TlvRole::kSecurityCounter);
  EXPECT_FALSE(tlv_kind(kTlvSecCnt).allowed_unprotected);
  EXPECT_TRUE(tlv_kind(kTlvKeyHash).allowed_unprotected);
  EXPECT_EQ(tlv_kind(0xa0).role, TlvRole::kVendor);
  EXPECT_EQ(tlv_kind(0x99).name, "UNKNOWN");
}

}  // namespace
}  // namespace norboot::image::tlv_test
