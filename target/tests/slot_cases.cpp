// What sits in a slot, on the target: an MCUboot image parsed and validated over a RAM flash
// (accepted; a flipped payload byte, a broken header or TLV magic, an image size past the slot
// end refused with the offset), and the app-visible trailer bytes of request_upgrade / confirm.
// Codes, offsets and bytes only, so the suite runs in both configurations (target.slot with
// diagnostic text, target.product.slot without).
#include <array>

#include "boot/app_api.hpp"
#include "core/build_config.hpp"
#include "core/bytes.hpp"
#include "flash/area.hpp"
#include "flash/ram_flash.hpp"
#include "harness/check.hpp"
#include "image/hash_only_crypto.hpp"
#include "image/header.hpp"
#include "image/tlv.hpp"
#include "image/validator.hpp"
#include "support/big_ram.hpp"
#include "support/mcuboot_image.hpp"

namespace norboot::target {
namespace {

constexpr uint32_t kSlotOff = 0x4000;  // the slot starts inside the device: offsets are absolute
constexpr flash::Geometry kGeo = flash::Geometry::uniform(4096, 16, 4);
NB_BIG_RAM std::array<std::byte, 16 * 4096> g_dev;
constexpr uint32_t kPayload = 5000;
std::array<std::byte, 512> g_work;

struct SlotRig {
  SlotRig() : dev("internal", kGeo, g_dev) {
    dev.format();
    size = write_hashed_image(std::span(g_dev).subspan(kSlotOff), kPayload, {2, 1, 7, 42}, 3);
  }
  core::Result<image::ImageInfo> validate(bool require_signature = false) {
    const image::ValidateOptions o{.require_signature = require_signature};
    return image::validate(slot, o, image::Keyring{}, crypto, g_work);
  }
  std::byte& at(uint32_t slot_off) { return g_dev[kSlotOff + slot_off]; }
  flash::RamFlash dev;
  flash::Area slot{&dev, kSlotOff, 8 * 4096, "primary"};
  image::HashOnlyCrypto crypto;
  uint32_t size = 0;
};

void hashed_image_validates_with_its_header_fields(Check& c) {
  SlotRig r;
  auto info = r.validate();
  NB_ASSERT_OK(c, info);
  NB_EXPECT(c, info->hash_checked);
  NB_EXPECT_EQ(c, info->total_size, r.size);
  NB_EXPECT_EQ(c, info->header.img_size, kPayload);
  NB_EXPECT_EQ(c, info->header.version.major, 2u);
  NB_EXPECT_EQ(c, info->header.version.revision, 7u);
  NB_EXPECT_EQ(c, info->header.version.build, 42u);
}

void flipped_payload_byte_fails_the_hash(Check& c) {
  SlotRig r;
  r.at(image::kHeaderSize + 1234) ^= std::byte{0x01};
  NB_EXPECT_ERRC(c, r.validate(), core::Errc::kMismatch);
  NB_EXPECT_OK(c, image::inspect(r.slot, g_work));  // the layout still parses: only the hash is wrong
}

void broken_header_magic_refused_at_the_slot_start(Check& c) {
  SlotRig r;
  r.at(0) = std::byte{0x00};
  auto v = r.validate();
  NB_ASSERT(c, !v);
  NB_EXPECT_EQ(c, v.error().code, core::Errc::kBadMagic);
  NB_EXPECT_EQ(c, v.error().offset, kSlotOff);
  NB_EXPECT_EQ(c, uint64_t{v.error().expected}, uint64_t{image::kImageMagic});
}

void broken_tlv_magic_refused_at_the_tlv_area(Check& c) {
  SlotRig r;
  const uint32_t tlv = image::kHeaderSize + kPayload;
  r.at(tlv) = std::byte{0x00};
  auto v = r.validate();
  NB_ASSERT(c, !v);
  NB_EXPECT_EQ(c, v.error().code, core::Errc::kBadMagic);
  NB_EXPECT_EQ(c, v.error().offset, kSlotOff + tlv);
}

void image_size_past_the_slot_end_refused_at_img_size(Check& c) {
  SlotRig r;
  // ih_img_size so large that header + payload (and so the TLV area) runs past the 32 KiB slot.
  core::store_le32(std::span(g_dev).subspan(kSlotOff), image::kOffImgSize, 40000);
  auto v = r.validate();
  NB_ASSERT(c, !v);
  NB_EXPECT_EQ(c, v.error().code, core::Errc::kOutOfRange);
  NB_EXPECT_EQ(c, v.error().offset, kSlotOff + image::kOffImgSize);
  NB_EXPECT_EQ(c, uint64_t{v.error().found}, uint64_t{image::kHeaderSize + 40000});
}

void signature_required_refused_by_a_hash_only_check(Check& c) {
  SlotRig r;
  auto v = r.validate(/*require_signature=*/true);
  NB_ASSERT(c, !v);
  // Without signature code the build says so; with it, an unsigned image has no signature to verify.
  if constexpr (!core::kSignatureChecks) NB_EXPECT_EQ(c, v.error().code, core::Errc::kUnsupported);
}

constexpr std::array<uint8_t, 16> kTrailerMagic{0x77, 0xC2, 0x95, 0xF3, 0x60, 0xD2, 0xEF, 0x7F,
                                                0x35, 0x52, 0x50, 0x0F, 0x2C, 0xB6, 0x79, 0x80};

void request_and_confirm_write_mcuboot_trailer_bytes(Check& c) {
  flash::RamFlash dev("internal", kGeo, g_dev);
  dev.format();
  const flash::Area primary{&dev, 0, 8 * 4096, "primary"};
  const flash::Area secondary{&dev, 8 * 4096, 8 * 4096, "secondary"};
  NB_ASSERT_OK(c, boot::request_upgrade(secondary, boot::UpgradeMode::kTest));
  // MCUboot, BOOT_MAX_ALIGN 8: magic in the last 16 bytes, image_ok 8 before it, copy_done 8
  // before that, swap_info (image 0 << 4 | TEST = 2) 8 before that.
  const uint32_t end = 16 * 4096;
  for (size_t i = 0; i < kTrailerMagic.size(); ++i) {
    NB_EXPECT_EQ(c, std::to_integer<uint32_t>(g_dev[end - 16 + i]), uint32_t{kTrailerMagic[i]});
  }
  NB_EXPECT_EQ(c, std::to_integer<uint32_t>(g_dev[end - 40]), 0x02u);
  NB_EXPECT_EQ(c, std::to_integer<uint32_t>(g_dev[end - 24]), 0xFFu);  // image_ok stays unset for a test
  auto st = boot::read_state(primary, secondary);
  NB_ASSERT_OK(c, st);
  NB_EXPECT(c, st->pending);
  NB_EXPECT_EQ(c, st->next.type, boot::SwapType::kTest);

  // The primary's confirm: nothing to do on an unset trailer; image_ok = 1 after a good magic.
  NB_ASSERT_OK(c, boot::confirm(primary));
  NB_EXPECT_EQ(c, std::to_integer<uint32_t>(g_dev[8 * 4096 - 24]), 0xFFu);
  std::array<std::byte, 16> magic;
  for (size_t i = 0; i < magic.size(); ++i) magic[i] = std::byte{kTrailerMagic[i]};
  NB_ASSERT_OK(c, dev.write(8 * 4096 - 16, magic));
  NB_ASSERT_OK(c, boot::confirm(primary));
  NB_EXPECT_EQ(c, std::to_integer<uint32_t>(g_dev[8 * 4096 - 24]), 0x01u);
}

constexpr Case kCases[] = {
    {"Slot", "HashedImage_Validates_HeaderFieldsRead", hashed_image_validates_with_its_header_fields},
    {"Slot", "FlippedPayloadByte_HashMismatch", flipped_payload_byte_fails_the_hash},
    {"Slot", "BrokenHeaderMagic_RefusedAtTheSlotStart", broken_header_magic_refused_at_the_slot_start},
    {"Slot", "BrokenTlvMagic_RefusedAtTheTlvArea", broken_tlv_magic_refused_at_the_tlv_area},
    {"Slot", "ImageSizePastTheSlotEnd_RefusedAtImgSize", image_size_past_the_slot_end_refused_at_img_size},
    {"Slot", "SignatureRequired_HashOnlyCheck_Refused", signature_required_refused_by_a_hash_only_check},
    {"Trailer", "RequestAndConfirm_WriteMcubootBytes", request_and_confirm_write_mcuboot_trailer_bytes},
};
const Suite kSuite(kCases);

}  // namespace
}  // namespace norboot::target
