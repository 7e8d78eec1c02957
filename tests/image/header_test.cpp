#include "image/header.hpp"

#include <gtest/gtest.h>

#include "slot_fixture.hpp"

namespace norboot::image::header_test {
namespace {

using testing::Slot;

std::array<std::byte, kHeaderSize> header_bytes(const ImageHeader& h) {
  std::array<std::byte, kHeaderSize> raw{};
  store_header(h, raw);
  return raw;
}

TEST(Header, StoreThenParse_RoundTripsEveryField) {
  const ImageHeader h{.magic = kImageMagic, .load_addr = 0x20000000, .hdr_size = 0x200, .protect_tlv_size = 0x1c,
                      .img_size = 300000, .flags = kFlagRamLoad | kFlagNonBootable, .version = {1, 2, 3, 4}, .pad = 0};
  auto parsed = parse_header(header_bytes(h));
  ASSERT_TRUE(parsed) << parsed.error().what;
  EXPECT_EQ(parsed->load_addr, 0x20000000u);
  EXPECT_EQ(parsed->hdr_size, 0x200);
  EXPECT_EQ(parsed->protect_tlv_size, 0x1c);
  EXPECT_EQ(parsed->img_size, 300000u);
  EXPECT_EQ(parsed->flags, kFlagRamLoad | kFlagNonBootable);
  EXPECT_EQ(parsed->version, (Version{1, 2, 3, 4}));
  EXPECT_FALSE(parsed->bootable());
}

TEST(Header, Parse_ErasedFlash_BadMagicWithExpectedAndFound) {
  std::array<std::byte, kHeaderSize> raw;
  raw.fill(std::byte{0xff});
  auto r = parse_header(raw);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kBadMagic);
  EXPECT_STREQ(r.error().what, "image header magic");
  EXPECT_EQ(r.error().expected, kImageMagic);
  EXPECT_EQ(r.error().found, 0xffffffffu);
}

TEST(Header, Parse_HeaderSizeBelow32_RefusedNamingTheField) {
  ImageHeader h;
  h.hdr_size = 16;
  auto r = parse_header(header_bytes(h));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kCorrupt);
  EXPECT_EQ(r.error().offset, kOffHdrSize);
  EXPECT_EQ(r.error().found, 16u);
}

TEST(Header, Read_ImageLongerThanSlot_OutOfRangeAtImgSizeField) {
  ImageHeader h;
  h.hdr_size = 0x200;
  h.img_size = 0x1000;
  auto raw = header_bytes(h);
  Slot slot(std::vector<std::byte>(raw.begin(), raw.end()), 0x800, "secondary", 0x4000);
  auto r = read_header(slot.area());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kOutOfRange);
  EXPECT_STREQ(r.error().area, "secondary");
  EXPECT_STREQ(r.error().device, "external");
  EXPECT_EQ(r.error().offset, 0x4000u + kOffImgSize);  // device-absolute
  EXPECT_EQ(r.error().expected, 0x800u);
  EXPECT_EQ(r.error().found, 0x1200u);
}

TEST(Header, Read_SlotSmallerThanHeader_Refused) {
  Slot slot(std::vector<std::byte>(8, std::byte{0}), 8);
  auto r = read_header(slot.area());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::Errc::kOutOfRange);
}

TEST(Header, Read_EveryVectorImage_MatchesManifestParse) {
  for (const auto& f : testing::manifest()["files"]) {
    if (f["kind"] != "image" || !f["path"].get<std::string>().ends_with(".bin")) continue;
    auto slot = testing::slot_from_vector(f["path"]);
    auto h = read_header(slot->area());
    ASSERT_TRUE(h) << f["path"];
    const auto& want = f["parsed"]["header"];
    EXPECT_EQ(h->hdr_size, want["ih_hdr_size"].get<int>()) << f["path"];
    EXPECT_EQ(h->img_size, want["ih_img_size"].get<uint32_t>()) << f["path"];
    EXPECT_EQ(h->protect_tlv_size, want["ih_protect_tlv_size"].get<int>()) << f["path"];
    EXPECT_EQ(h->flags, std::stoul(want["ih_flags"].get<std::string>(), nullptr, 16)) << f["path"];
    EXPECT_EQ(h->load_addr, std::stoul(want["ih_load_addr"].get<std::string>(), nullptr, 16)) << f["path"];
  }
}

}  // namespace
}  // namespace norboot::image::header_test
