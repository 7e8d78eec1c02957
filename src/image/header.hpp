#pragma once
// ImageHeader: the 32-byte little-endian header at the start of every MCUboot image
// (bootutil/image.h struct image_header):
//
//   +0  u32 magic 0x96f3b83d        +12 u32 img_size (payload bytes, header excluded)
//   +4  u32 load_addr               +16 u32 flags (kFlag*)
//   +8  u16 hdr_size (≥ 32)         +20 version: u8 major, u8 minor, u16 revision, u32 build
//   +10 u16 protect_tlv_size        +28 u32 pad
//
// The payload starts at hdr_size; the protected TLV area (protect_tlv_size bytes, 0 when absent)
// follows it, then the unprotected TLV area (tlv.hpp).
#include <cstdint>
#include <span>

#include "core/result.hpp"
#include "flash/area.hpp"
#include "image/version.hpp"

namespace norboot::image {

inline constexpr uint32_t kImageMagic = 0x96f3b83d;
inline constexpr uint32_t kHeaderSize = 32;

// Header flags (bootutil/image.h IMAGE_F_*; imgtool's IMAGE_F table).
inline constexpr uint32_t kFlagPic = 0x00000001;
inline constexpr uint32_t kFlagEncryptedAes128 = 0x00000004;
inline constexpr uint32_t kFlagEncryptedAes256 = 0x00000008;
inline constexpr uint32_t kFlagNonBootable = 0x00000010;
inline constexpr uint32_t kFlagRamLoad = 0x00000020;
inline constexpr uint32_t kFlagRomFixed = 0x00000100;
inline constexpr uint32_t kFlagCompressedLzma1 = 0x00000200;
inline constexpr uint32_t kFlagCompressedLzma2 = 0x00000400;
inline constexpr uint32_t kFlagCompressedArmThumb = 0x00000800;
inline constexpr uint32_t kFlagsEncrypted = kFlagEncryptedAes128 | kFlagEncryptedAes256;
inline constexpr uint32_t kFlagsCompressed = kFlagCompressedLzma1 | kFlagCompressedLzma2;

// Field offsets inside the header, named in errors.
inline constexpr uint32_t kOffMagic = 0;
inline constexpr uint32_t kOffLoadAddr = 4;
inline constexpr uint32_t kOffHdrSize = 8;
inline constexpr uint32_t kOffProtectTlvSize = 10;
inline constexpr uint32_t kOffImgSize = 12;
inline constexpr uint32_t kOffFlags = 16;
inline constexpr uint32_t kOffVersion = 20;

struct ImageHeader {
  uint32_t magic = kImageMagic;
  uint32_t load_addr = 0;
  uint16_t hdr_size = kHeaderSize;
  uint16_t protect_tlv_size = 0;
  uint32_t img_size = 0;
  uint32_t flags = 0;
  Version version;
  uint32_t pad = 0;

  /// Offset of the first TLV area (protected if present, else unprotected).
  constexpr uint32_t tlv_off() const { return uint32_t{hdr_size} + img_size; }
  /// End of the bytes the hash and signature cover: header, payload, protected TLVs.
  constexpr uint64_t hashed_end() const { return uint64_t{hdr_size} + img_size + protect_tlv_size; }
  constexpr bool encrypted() const { return (flags & kFlagsEncrypted) != 0; }
  constexpr bool compressed() const { return (flags & kFlagsCompressed) != 0; }
  constexpr bool bootable() const { return (flags & kFlagNonBootable) == 0; }
};

/// Decodes 32 header bytes. Errors (offset = byte offset inside the header):
///   kBadMagic "image header magic" (erased flash reads 0xffffffff),
///   kCorrupt  "header size (ih_hdr_size) smaller than the 32-byte header".
core::Result<ImageHeader> parse_header(std::span<const std::byte, kHeaderSize> raw);

/// Encodes a header (the builder's side of parse_header).
void store_header(const ImageHeader& h, std::span<std::byte, kHeaderSize> out);

/// Reads and decodes the header at the start of `slot`, and checks that header + payload lie
/// inside the slot. Errors carry the slot's device, name and device-absolute offset:
///   parse_header's, kOutOfRange "slot smaller than the image header",
///   kOutOfRange "image size (ih_img_size) runs past the end of the slot", flash read errors.
core::Result<ImageHeader> read_header(const flash::Area& slot);

}  // namespace norboot::image
