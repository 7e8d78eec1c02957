// SlotImageBackend on RamFlash slots: sizes from the strategy's plan, uploads placed at the plan's
// secondary offset, too-large images refused before any write, validation before any trailer
// request, MCUboot's image state flags read from real trailers.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <vector>

#include "boot/app_api.hpp"
#include "boot/trailer.hpp"
#include "flash/ram_flash.hpp"
#include "image/hash_only_crypto.hpp"
#include "openssl_sha256.hpp"
#include "smp/slot_backend.hpp"
#include "smp/upload.hpp"
#include "test_image.hpp"

namespace norboot::smp::slot_backend_test {
namespace {

using testing::ImageSpec;
using testing::make_image;

constexpr uint32_t kSector = 4096;
constexpr uint32_t kPrimarySectors = 16;
constexpr uint32_t kSecondarySectors = 18;  // two units of slack for swap-pipeline

struct Rig {
  explicit Rig(boot::Strategy strategy)
      : mem(size_t{kSector} * (kPrimarySectors + kSecondarySectors)),
        dev("ram", flash::Geometry::uniform(kSector, kPrimarySectors + kSecondarySectors, 4), mem) {
    dev.format();
    primary = {&dev, 0, kSector * kPrimarySectors, "primary"};
    secondary = {&dev, kSector * kPrimarySectors, kSector * kSecondarySectors, "secondary"};
    auto cfg = SlotImageBackend::configure(primary, secondary, strategy, 8);
    EXPECT_TRUE(cfg.has_value());
    backend.emplace(*cfg, keys, crypto, work);
  }

  std::vector<std::byte> secondary_bytes() const {
    auto b = std::span<const std::byte>(mem).subspan(secondary.off, secondary.size);
    return {b.begin(), b.end()};
  }
  void flash_primary(std::span<const std::byte> img) { std::copy(img.begin(), img.end(), mem.begin()); }
  void write_upload(std::span<const std::byte> img) {
    flash::Area a = backend->upload_area();
    ASSERT_TRUE(a.erase(0, a.size).has_value());
    std::vector<std::byte> padded(img.begin(), img.end());
    padded.resize((padded.size() + 3) / 4 * 4, std::byte{0xFF});
    ASSERT_TRUE(a.write(0, padded).has_value());
  }
  size_t slots(std::array<SlotState, 2>& out) {
    auto n = backend->read_slots(0, out);
    EXPECT_TRUE(n.has_value());
    return n ? *n : 0;
  }
  boot::TrailerState secondary_trailer() { return *boot::Trailer(secondary, 8).read(); }

  std::vector<std::byte> mem;
  flash::RamFlash dev;
  flash::Area primary{}, secondary{};
  image::Keyring keys;
  image::HashOnlyCrypto crypto;
  std::array<std::byte, 512> work{};
  std::optional<SlotImageBackend> backend;
};

class SlotBackend : public ::testing::TestWithParam<boot::Strategy> {};

TEST_P(SlotBackend, SlotSizes_FromThePlan_MaxImageBelowThePrimaryTrailer) {
  Rig r(GetParam());
  auto s = r.backend->slot_sizes(0);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->primary_size, r.primary.size);
  EXPECT_EQ(s->secondary_size, r.secondary.size);
  EXPECT_GT(s->max_image_size, 0u);
  EXPECT_LE(s->max_image_size, r.backend->config().plan.primary_trailer_off);
  EXPECT_LE(s->max_image_size, r.backend->upload_area().size);
  EXPECT_FALSE(r.backend->slot_sizes(1).has_value());
}

TEST_P(SlotBackend, UploadArea_StartsAtThePlansSecondaryOffset) {
  Rig r(GetParam());
  flash::Area a = r.backend->upload_area();
  EXPECT_EQ(a.off, r.secondary.off + r.backend->config().plan.secondary_offset);
  EXPECT_EQ(a.off + a.size, r.secondary.off + r.backend->config().plan.secondary_trailer_off);
  if (GetParam() == boot::Strategy::kSwapOffset) {
    EXPECT_EQ(r.backend->config().plan.secondary_offset, kSector);
  }
  if (GetParam() == boot::Strategy::kSwapPipeline) {
    EXPECT_EQ(r.backend->config().plan.secondary_offset, 2 * kSector);
  }
}

TEST_P(SlotBackend, BeginUpload_TooLarge_RefusedNamingBothSizesFlashUnchanged) {
  Rig r(GetParam());
  // A stale trailer request in the secondary must survive a refused begin: nothing is erased.
  std::fill(r.mem.begin() + r.secondary.off, r.mem.end(), std::byte{0x5A});
  auto before = r.secondary_bytes();
  const uint32_t max = r.backend->slot_sizes(0)->max_image_size;
  auto a = r.backend->begin_upload(0, max + 1);
  ASSERT_FALSE(a.has_value());
  EXPECT_EQ(a.error().code, core::Errc::kTooLarge);
  EXPECT_EQ(a.error().expected, max);
  EXPECT_EQ(a.error().found, max + 1);
  EXPECT_EQ(r.secondary_bytes(), before);
}

TEST_P(SlotBackend, BeginUpload_ErasesTheSecondaryTrailer_NoStaleRequest) {
  Rig r(GetParam());
  std::fill(r.mem.begin() + r.secondary.off, r.mem.end(), std::byte{0x00});
  auto a = r.backend->begin_upload(0, 4096);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->off, r.backend->upload_area().off);
  EXPECT_EQ(r.secondary_trailer().magic, boot::Magic::kUnset);
  EXPECT_FALSE(r.secondary_trailer().swap_info_set);
}

TEST_P(SlotBackend, ReadSlots_FlashedPrimary_ActiveConfirmedWithItsHash) {
  Rig r(GetParam());
  auto v1 = make_image(ImageSpec{.total = 8192, .major = 1, .minor = 2, .revision = 3, .build = 4, .seed = 1, .flags = 0});
  r.flash_primary(v1);
  std::array<SlotState, 2> s{};
  ASSERT_EQ(r.slots(s), 1u);
  EXPECT_EQ(s[0].slot, 0);
  EXPECT_TRUE(s[0].active);
  EXPECT_TRUE(s[0].confirmed);
  EXPECT_FALSE(s[0].pending);
  EXPECT_EQ(s[0].version.major, 1);
  EXPECT_EQ(s[0].version.revision, 3);
  ASSERT_EQ(s[0].hash_len, 32);
  EXPECT_TRUE(std::ranges::equal(s[0].hash_view(), testing::image_hash(v1)));
}

TEST_P(SlotBackend, FinishUpload_ValidImage_ListedBootableNotPending_ThenTestMakesItPending) {
  Rig r(GetParam());
  r.flash_primary(make_image(ImageSpec{.total = 8192, .major = 1, .minor = 0, .revision = 0, .build = 0, .seed = 1, .flags = 0}));
  auto v2 = make_image(ImageSpec{.total = 10000, .major = 2, .minor = 0, .revision = 0, .build = 0, .seed = 2, .flags = 0});
  ASSERT_TRUE(r.backend->begin_upload(0, static_cast<uint32_t>(v2.size())).has_value());
  r.write_upload(v2);
  ASSERT_TRUE(r.backend->finish_upload(0, static_cast<uint32_t>(v2.size())).has_value());
  std::array<SlotState, 2> s{};
  ASSERT_EQ(r.slots(s), 2u);
  EXPECT_EQ(s[1].slot, 1);
  EXPECT_EQ(s[1].version.major, 2);
  EXPECT_FALSE(s[1].pending);
  EXPECT_FALSE(s[1].confirmed);
  EXPECT_FALSE(s[1].active);

  ASSERT_TRUE(r.backend->request_upgrade(0, false).has_value());
  ASSERT_EQ(r.slots(s), 2u);
  EXPECT_TRUE(s[1].pending);
  EXPECT_FALSE(s[1].permanent);
  EXPECT_EQ(r.secondary_trailer().swap_type, boot::SwapType::kTest);

  // A pending upgrade keeps the slot: a new upload is refused, nothing erased.
  auto again = r.backend->begin_upload(0, 4096);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, core::Errc::kBadState);
  EXPECT_EQ(r.secondary_trailer().magic, boot::Magic::kGood);
}

TEST_P(SlotBackend, RequestPermanent_ListedPendingPermanent) {
  Rig r(GetParam());
  r.flash_primary(make_image(ImageSpec{.total = 8192, .major = 1, .minor = 0, .revision = 0, .build = 0, .seed = 1, .flags = 0}));
  auto v2 = make_image(ImageSpec{.total = 9000, .major = 2, .minor = 0, .revision = 0, .build = 0, .seed = 2, .flags = 0});
  r.write_upload(v2);
  ASSERT_TRUE(r.backend->request_upgrade(0, true).has_value());
  std::array<SlotState, 2> s{};
  ASSERT_EQ(r.slots(s), 2u);
  EXPECT_TRUE(s[1].pending);
  EXPECT_TRUE(s[1].permanent);
}

TEST_P(SlotBackend, FinishUpload_CorruptImage_RefusedAndTestNeverWritesATrailer) {
  Rig r(GetParam());
  auto v2 = make_image(ImageSpec{.total = 10000, .major = 2, .minor = 0, .revision = 0, .build = 0, .seed = 2, .flags = 0});
  v2[5000] ^= std::byte{0x01};
  ASSERT_TRUE(r.backend->begin_upload(0, static_cast<uint32_t>(v2.size())).has_value());
  r.write_upload(v2);
  auto done = r.backend->finish_upload(0, static_cast<uint32_t>(v2.size()));
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, core::Errc::kMismatch);
  // Even if asked directly (an agent that ignored the refusal), no request is written.
  EXPECT_FALSE(r.backend->request_upgrade(0, false).has_value());
  EXPECT_EQ(r.secondary_trailer().magic, boot::Magic::kUnset);
}

TEST_P(SlotBackend, RequestUpgrade_HalfWrittenImage_RefusedTrailerUntouched) {
  Rig r(GetParam());
  auto v2 = make_image(ImageSpec{.total = 20000, .major = 2, .minor = 0, .revision = 0, .build = 0, .seed = 2, .flags = 0});
  ASSERT_TRUE(r.backend->begin_upload(0, static_cast<uint32_t>(v2.size())).has_value());
  r.write_upload(std::span(v2).first(10000));  // header in, TLVs never arrived
  EXPECT_FALSE(r.backend->request_upgrade(0, false).has_value());
  EXPECT_FALSE(r.backend->request_upgrade(0, true).has_value());
  EXPECT_EQ(r.secondary_trailer().magic, boot::Magic::kUnset);
  std::array<SlotState, 2> s{};
  EXPECT_EQ(r.slots(s), 0u);
}

TEST_P(SlotBackend, FinishUpload_LenDiffersFromTheImage_Mismatch) {
  Rig r(GetParam());
  auto v2 = make_image(ImageSpec{.total = 10000, .major = 2, .minor = 0, .revision = 0, .build = 0, .seed = 2, .flags = 0});
  r.write_upload(v2);
  auto done = r.backend->finish_upload(0, 10004);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, core::Errc::kMismatch);
}

TEST_P(SlotBackend, AfterATestSwap_PrimaryUnconfirmed_SecondaryIsTheConfirmedRevertTarget_ConfirmKeepsIt) {
  Rig r(GetParam());
  auto v1 = make_image(ImageSpec{.total = 8192, .major = 1, .minor = 0, .revision = 0, .build = 0, .seed = 1, .flags = 0});
  auto v2 = make_image(ImageSpec{.total = 8192, .major = 2, .minor = 0, .revision = 0, .build = 0, .seed = 2, .flags = 0});
  // What a test swap leaves (MCUboot): v2 in the primary with magic + copy_done, image_ok unset;
  // v1 saved at the secondary's start.
  r.flash_primary(v2);
  std::copy(v1.begin(), v1.end(), r.mem.begin() + r.secondary.off);
  boot::Trailer pt(r.primary, 8);
  ASSERT_TRUE(pt.write_copy_done().has_value());
  ASSERT_TRUE(pt.write_magic().has_value());
  std::array<SlotState, 2> s{};
  ASSERT_EQ(r.slots(s), 2u);
  EXPECT_TRUE(s[0].active);
  EXPECT_FALSE(s[0].confirmed);
  EXPECT_EQ(s[0].version.major, 2);
  EXPECT_EQ(s[1].version.major, 1);
  EXPECT_TRUE(s[1].confirmed);
  EXPECT_FALSE(s[1].pending);

  ASSERT_TRUE(r.backend->confirm(0).has_value());
  ASSERT_EQ(r.slots(s), 2u);
  EXPECT_TRUE(s[0].confirmed);
  EXPECT_FALSE(s[1].confirmed);
}

TEST_P(SlotBackend, EraseSlot_SecondaryOnly_TrailerAndImageGone) {
  Rig r(GetParam());
  auto v2 = make_image(ImageSpec{.total = 9000, .major = 2, .minor = 0, .revision = 0, .build = 0, .seed = 2, .flags = 0});
  r.write_upload(v2);
  ASSERT_TRUE(r.backend->request_upgrade(0, false).has_value());
  ASSERT_TRUE(r.backend->erase_slot(0, 1).has_value());
  EXPECT_EQ(r.secondary_trailer().magic, boot::Magic::kUnset);
  auto b = r.secondary_bytes();
  EXPECT_TRUE(std::all_of(b.begin(), b.end(), [](std::byte x) { return x == std::byte{0xFF}; }));
  EXPECT_FALSE(r.backend->erase_slot(0, 0).has_value());
}

// The agent's upload state machine over this backend: a chunked upload lands at the plan's offset
// and validates; a session cut half way leaves no image.
TEST_P(SlotBackend, UploadSession_ChunkedUpload_ValidatedAtTheOffset_HalfUploadLeavesNoImage) {
  Rig r(GetParam());
  r.flash_primary(make_image(ImageSpec{.total = 8192, .major = 1, .minor = 0, .revision = 0, .build = 0, .seed = 1, .flags = 0}));
  auto v2 = make_image(ImageSpec{.total = 30001, .major = 2, .minor = 0, .revision = 0, .build = 0, .seed = 2, .flags = 0});
  testing::OpenSslSha256 sha;
  std::array<char, 256> text{};
  auto run = [&](size_t upto) {
    UploadSession up(*r.backend, sha);
    size_t off = 0;
    while (off < upto) {
      core::TextBuf reason(text);
      UploadRequest req;
      req.off = off;
      req.data = std::span<const std::byte>(v2).subspan(off, std::min<size_t>(1000, upto - off));
      if (off == 0) req.len = v2.size();
      UploadReply rep = up.handle(req, reason);
      EXPECT_EQ(rep.err, ImgErr::kOk) << text.data();
      if (rep.err != ImgErr::kOk) return false;
      off = rep.off;
    }
    return up.complete();
  };
  EXPECT_FALSE(run(15000));
  std::array<SlotState, 2> s{};
  EXPECT_EQ(r.slots(s), 1u);  // only the primary: the half upload has no header
  EXPECT_FALSE(r.backend->request_upgrade(0, false).has_value());

  EXPECT_TRUE(run(v2.size()));
  ASSERT_EQ(r.slots(s), 2u);
  EXPECT_EQ(s[1].version.major, 2);
  auto area = std::span<const std::byte>(r.mem).subspan(r.backend->upload_area().off, v2.size());
  EXPECT_TRUE(std::ranges::equal(area, v2));
}

INSTANTIATE_TEST_SUITE_P(Strategies, SlotBackend,
                         ::testing::Values(boot::Strategy::kOverwrite, boot::Strategy::kSwapMove,
                                           boot::Strategy::kSwapOffset, boot::Strategy::kSwapPipeline),
                         [](const auto& info) {
                           std::string n(boot::strategy_name(info.param));
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
}  // namespace norboot::smp::slot_backend_test
