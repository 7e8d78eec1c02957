// The app-visible trailer against MCUboot's offsets and the bytes imgtool writes.
#include "boot/trailer.hpp"

#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include <gtest/gtest.h>

#include "boot/app_api.hpp"
#include "flash/ram_flash.hpp"

namespace norboot::boot::trailer_test {
namespace {

std::vector<std::byte> read_vector(const std::string& rel) {
  std::ifstream f(std::string(NORBOOT_SHARED_DIR) + "/vectors/imgtool/" + rel, std::ios::binary);
  std::vector<char> raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(raw.size());
  std::memcpy(out.data(), raw.data(), raw.size());
  return out;
}

// A slot holding an imgtool --pad output, as if flashed there (slot size = -S 0x73000).
struct PaddedSlot {
  std::vector<std::byte> mem;
  flash::RamFlash dev;
  flash::Area area;
  explicit PaddedSlot(const std::string& name)
      : mem(read_vector(name)),
        dev("external", flash::Geometry::uniform(4096, static_cast<uint32_t>(mem.size() / 4096), 1), mem),
        area{&dev, 0, static_cast<uint32_t>(mem.size()), "secondary"} {}
};

TEST(Trailer, ImgtoolPadAlign8_ReadsAsTestRequest) {
  PaddedSlot s("images/ecdsa_p256_1k_pad_align8_maxalign8.bin");
  ASSERT_EQ(s.mem.size(), 0x73000u);
  auto st = Trailer(s.area, 8).read();
  ASSERT_TRUE(st);
  EXPECT_EQ(st->magic, Magic::kGood);
  EXPECT_EQ(st->image_ok, Flag::kUnset);
  EXPECT_FALSE(st->swap_info_set);
}

TEST(Trailer, ImgtoolConfirm_ImageOkAtEndMinus24) {
  PaddedSlot s("images/ecdsa_p256_1k_confirm_align4.bin");
  auto st = Trailer(s.area, 8).read();
  ASSERT_TRUE(st);
  EXPECT_EQ(st->magic, Magic::kGood);
  EXPECT_EQ(st->image_ok, Flag::kSet);
  EXPECT_EQ(s.mem[0x73000 - 24], std::byte{0x01});
}

TEST(Trailer, ImgtoolMaxAlign16_AlternativeMagic) {
  PaddedSlot s("images/ecdsa_p256_1k_pad_align4_maxalign16.bin");
  EXPECT_EQ(Trailer(s.area, 16).read()->magic, Magic::kGood);
  EXPECT_EQ(Trailer(s.area, 8).read()->magic, Magic::kBad) << "the align-8 magic differs";
}

struct RamSlot : ::testing::Test {
  std::vector<std::byte> mem = std::vector<std::byte>(8192);
  flash::RamFlash dev{"internal", flash::Geometry::uniform(4096, 2, 4), mem};
  flash::Area area{&dev, 0, 8192, "primary"};
  void SetUp() override { dev.format(); }
};

TEST_F(RamSlot, WrittenFields_MatchMcubootBytesForEachMaxAlign) {
  for (uint32_t align : {8u, 16u, 32u}) {
    dev.format();
    Trailer t(area, align);
    ASSERT_TRUE(t.write_swap_size(0x12345));
    ASSERT_TRUE(t.write_swap_info(SwapType::kPerm, 0));
    ASSERT_TRUE(t.write_copy_done());
    ASSERT_TRUE(t.write_image_ok());
    ASSERT_TRUE(t.write_magic());
    const TrailerLayout l = t.layout();
    EXPECT_EQ(l.image_ok_off(), 8192 - (align == 8 ? 24u : align == 16 ? 32u : 64u));
    EXPECT_EQ(mem[l.image_ok_off()], std::byte{0x01});
    EXPECT_EQ(mem[l.image_ok_off() + 1], std::byte{0xFF}) << "rest of the cell stays erased";
    EXPECT_EQ(mem[l.copy_done_off()], std::byte{0x01});
    EXPECT_EQ(mem[l.swap_info_off()], std::byte{0x03});
    EXPECT_EQ(mem[l.swap_size_off()], std::byte{0x45});
    auto st = t.read();
    ASSERT_TRUE(st);
    EXPECT_EQ(st->magic, Magic::kGood) << align;
    EXPECT_EQ(st->swap_type, SwapType::kPerm);
    EXPECT_EQ(st->swap_size, 0x12345u);
  }
}

TEST_F(RamSlot, GarbageFlags_DecodeAsBadNotSet) {
  Trailer t(area, 8);
  std::array<std::byte, 4> junk{std::byte{0x02}, std::byte{0xFF}, std::byte{0xFF}, std::byte{0xFF}};
  ASSERT_TRUE(area.write(t.layout().image_ok_off(), junk));
  ASSERT_TRUE(area.write(t.layout().magic_off(), junk));
  auto st = t.read();
  EXPECT_EQ(st->image_ok, Flag::kBad);
  EXPECT_EQ(st->magic, Magic::kBad);
  EXPECT_EQ(confirm(area).error().code, core::Errc::kCorrupt);
}

TEST_F(RamSlot, RequestUpgrade_BytesAsMcubootApp) {
  ASSERT_TRUE(request_upgrade(area, UpgradeMode::kPermanent));
  Trailer t(area, 8);
  auto st = t.read();
  EXPECT_EQ(st->magic, Magic::kGood);
  EXPECT_EQ(st->image_ok, Flag::kSet);
  EXPECT_EQ(st->swap_type, SwapType::kPerm);
  EXPECT_TRUE(request_upgrade(area, UpgradeMode::kPermanent)) << "same request twice is fine";
  auto other = request_upgrade(area, UpgradeMode::kTest);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, core::Errc::kBadState);
}

TEST_F(RamSlot, MagicIsStagedInRam_NotWrittenFromTheTable) {
  // The DMA-safety rule: the write call must never see a pointer into the constexpr magic.
  struct Spy final : flash::Flash {
    std::vector<std::byte> mem = std::vector<std::byte>(4096, std::byte{0xFF});
    const void* last_src = nullptr;
    Spy() : Flash("spy", flash::Geometry::uniform(4096, 1, 1)) {}
    core::Status do_read(uint32_t off, std::span<std::byte> out) override {
      std::memcpy(out.data(), mem.data() + off, out.size());
      return core::ok();
    }
    core::Status do_write(uint32_t, std::span<const std::byte> in) override {
      last_src = in.data();
      return core::ok();
    }
    core::Status do_erase(uint32_t, uint32_t) override { return core::ok(); }
  } spy;
  flash::Area a{&spy, 0, 4096, "secondary"};
  ASSERT_TRUE(Trailer(a, 8).write_magic());
  const auto* table = reinterpret_cast<const std::byte*>(kMagicAlign8.data());
  EXPECT_FALSE(spy.last_src >= table && spy.last_src < table + 16);
}

}  // namespace
}  // namespace norboot::boot::trailer_test
