#include "image/header.hpp"

#include "core/bytes.hpp"
#include "image/detail/slot_error.hpp"

namespace norboot::image {

using core::Errc;
using core::Error;
using core::fail;

core::Result<ImageHeader> parse_header(std::span<const std::byte, kHeaderSize> raw) {
  ImageHeader h;
  h.magic = core::load_le32(raw, kOffMagic);
  h.load_addr = core::load_le32(raw, kOffLoadAddr);
  h.hdr_size = core::load_le16(raw, kOffHdrSize);
  h.protect_tlv_size = core::load_le16(raw, kOffProtectTlvSize);
  h.img_size = core::load_le32(raw, kOffImgSize);
  h.flags = core::load_le32(raw, kOffFlags);
  h.version.major = std::to_integer<uint8_t>(raw[kOffVersion]);
  h.version.minor = std::to_integer<uint8_t>(raw[kOffVersion + 1]);
  h.version.revision = core::load_le16(raw, kOffVersion + 2);
  h.version.build = core::load_le32(raw, kOffVersion + 4);
  h.pad = core::load_le32(raw, 28);
  if (h.magic != kImageMagic) {
    return fail(Error{.code = Errc::kBadMagic, .what = "image header magic", .offset = kOffMagic}.values(kImageMagic, h.magic));
  }
  if (h.hdr_size < kHeaderSize) {
    return fail(Error{.code = Errc::kCorrupt,
                      .what = "header size (ih_hdr_size) smaller than the 32-byte header",
                      .offset = kOffHdrSize}
                    .values(kHeaderSize, h.hdr_size));
  }
  return h;
}

void store_header(const ImageHeader& h, std::span<std::byte, kHeaderSize> out) {
  core::store_le32(out, kOffMagic, h.magic);
  core::store_le32(out, kOffLoadAddr, h.load_addr);
  core::store_le16(out, kOffHdrSize, h.hdr_size);
  core::store_le16(out, kOffProtectTlvSize, h.protect_tlv_size);
  core::store_le32(out, kOffImgSize, h.img_size);
  core::store_le32(out, kOffFlags, h.flags);
  out[kOffVersion] = std::byte{h.version.major};
  out[kOffVersion + 1] = std::byte{h.version.minor};
  core::store_le16(out, kOffVersion + 2, h.version.revision);
  core::store_le32(out, kOffVersion + 4, h.version.build);
  core::store_le32(out, 28, h.pad);
}

core::Result<ImageHeader> read_header(const flash::Area& slot) {
  if (slot.size < kHeaderSize) {
    return fail(detail::in_slot(slot, 0, Error{.code = Errc::kOutOfRange, .what = "slot smaller than the image header"}
                                             .values(kHeaderSize, slot.size)));
  }
  std::array<std::byte, kHeaderSize> raw;
  if (auto r = slot.read(0, raw); !r) return fail(detail::tag_read_error(slot, 0, r.error()));
  auto h = parse_header(raw);
  if (!h) return fail(detail::in_slot(slot, h.error().offset, h.error()));
  if (uint64_t{h->hdr_size} + h->img_size > slot.size) {
    return fail(detail::in_slot(slot, kOffImgSize,
                                Error{.code = Errc::kOutOfRange, .what = "image size (ih_img_size) runs past the end of the slot"}
                                    .values(slot.size, uint64_t{h->hdr_size} + h->img_size)));
  }
  return h;
}

}  // namespace norboot::image
