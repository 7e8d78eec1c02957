#pragma once
// The few fields of an MCUboot image header the upload path checks at off = 0 (magic, sizes,
// version, flags). Layout (little-endian): magic u32 @0, load_addr u32 @4, hdr_size u16 @8,
// protect_tlv_size u16 @10, img_size u32 @12, flags u32 @16, version {u8 major, u8 minor,
// u16 revision, u32 build} @20, pad @28. The image module owns the full parser; this stays a peek
// so the agent does not depend on the validator.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/bytes.hpp"
#include "smp/image_backend.hpp"

namespace norboot::smp::detail {

inline constexpr uint32_t kImageMagic = 0x96f3b83d;
inline constexpr size_t kImageHeaderSize = 32;
inline constexpr uint32_t kImageFlagNonBootable = 0x00000010;
inline constexpr size_t kTlvInfoSize = 4;

struct ImageHeaderPeek {
  uint32_t magic = 0;
  uint16_t hdr_size = 0;
  uint16_t protect_tlv_size = 0;
  uint32_t img_size = 0;
  uint32_t flags = 0;
  ImageVersion version;

  /// Bytes the header says the image needs at least: header, body, protected TLVs and the
  /// unprotected TLV area's 4-byte info record.
  uint64_t min_total() const { return uint64_t{hdr_size} + img_size + protect_tlv_size + kTlvInfoSize; }
};

inline ImageHeaderPeek peek_image_header(std::span<const std::byte, kImageHeaderSize> h) {
  ImageHeaderPeek p;
  p.magic = core::load_le32(h, 0);
  p.hdr_size = core::load_le16(h, 8);
  p.protect_tlv_size = core::load_le16(h, 10);
  p.img_size = core::load_le32(h, 12);
  p.flags = core::load_le32(h, 16);
  p.version.major = std::to_integer<uint8_t>(h[20]);
  p.version.minor = std::to_integer<uint8_t>(h[21]);
  p.version.revision = core::load_le16(h, 22);
  p.version.build = core::load_le32(h, 24);
  return p;
}

}  // namespace norboot::smp::detail
