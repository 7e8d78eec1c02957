#pragma once
// TLV areas after the payload (bootutil/image.h, imgtool image.py):
//
//   tlv_off = hdr_size + img_size
//   [protected area, only when ih_protect_tlv_size != 0]
//     u16 magic 0x6908, u16 total (= ih_protect_tlv_size, info header included)
//     entries: u16 type, u16 len, len value bytes        (covered by the hash and signature)
//   [unprotected area]
//     u16 magic 0x6907, u16 total (info header included)
//     entries                                            (hash, key id, signatures)
//
// Types are u16 on flash: imgtool packs its own types as u8 + 0 pad and vendor types
// (0xa0..0xfffe) as u16 — the same bytes in little endian.
#include <cstdint>
#include <span>
#include <string_view>

#include "core/result.hpp"
#include "flash/area.hpp"
#include "image/header.hpp"

namespace norboot::image {

inline constexpr uint16_t kTlvInfoMagic = 0x6907;
inline constexpr uint16_t kTlvProtInfoMagic = 0x6908;
inline constexpr uint32_t kTlvInfoSize = 4;
inline constexpr uint32_t kTlvHeaderSize = 4;

// TLV types, MCUboot's numbering (bootutil/image.h IMAGE_TLV_*).
inline constexpr uint16_t kTlvKeyHash = 0x01;
inline constexpr uint16_t kTlvPubKey = 0x02;
inline constexpr uint16_t kTlvKeyId = 0x03;
inline constexpr uint16_t kTlvSha256 = 0x10;
inline constexpr uint16_t kTlvSha384 = 0x11;
inline constexpr uint16_t kTlvSha512 = 0x12;
inline constexpr uint16_t kTlvRsa2048Pss = 0x20;
inline constexpr uint16_t kTlvEcdsa224 = 0x21;
inline constexpr uint16_t kTlvEcdsaSig = 0x22;  // ECDSA P-256 or P-384, DER
inline constexpr uint16_t kTlvRsa3072Pss = 0x23;
inline constexpr uint16_t kTlvEd25519 = 0x24;
inline constexpr uint16_t kTlvSigPure = 0x25;   // the signature is over the image, not its digest
inline constexpr uint16_t kTlvEncRsa2048 = 0x30;
inline constexpr uint16_t kTlvEncKw = 0x31;
inline constexpr uint16_t kTlvEncEc256 = 0x32;
inline constexpr uint16_t kTlvEncX25519 = 0x33;
inline constexpr uint16_t kTlvEncX25519Sha512 = 0x34;
inline constexpr uint16_t kTlvDependency = 0x40;
inline constexpr uint16_t kTlvSecCnt = 0x50;
inline constexpr uint16_t kTlvBootRecord = 0x60;
inline constexpr uint16_t kTlvDecompSize = 0x70;
inline constexpr uint16_t kTlvDecompSha = 0x71;
inline constexpr uint16_t kTlvDecompSignature = 0x72;
inline constexpr uint16_t kTlvCompDecSize = 0x73;
inline constexpr uint16_t kTlvUuidVid = 0x74;
inline constexpr uint16_t kTlvUuidCid = 0x75;
inline constexpr uint16_t kTlvVendorMin = 0x00a0;  // imgtool --custom-tlv range
inline constexpr uint16_t kTlvVendorMax = 0xfffe;

/// What a TLV type is for: the validator's decisions read this table, not a switch per site.
enum class TlvRole : uint8_t { kOther, kKey, kHash, kSignature, kPure, kEncryption, kDependency,
                               kSecurityCounter, kBootRecord, kCompression, kVendor };

struct TlvKind {
  uint16_t type;
  TlvRole role;
  bool allowed_unprotected;   // MCUboot's allow list for the area the signature does not cover
  std::string_view name;      // imgtool's name (dumpinfo prints it); empty without diagnostic text
};

/// The known kinds; types not listed are "UNKNOWN" (vendor range → kVendor).
const TlvKind& tlv_kind(uint16_t type);

/// Where the TLV areas of one image are, slot-relative. prot_size is 0 without a protected area.
struct TlvLayout {
  uint32_t prot_off = 0;
  uint32_t prot_size = 0;     // info header included
  uint32_t unprot_off = 0;
  uint32_t unprot_size = 0;   // info header included
  constexpr uint32_t end() const { return unprot_off + unprot_size; }
};

/// Reads both info headers and checks them against the header and the slot. Errors:
///   kBadMagic "protected TLV info magic" / "TLV info magic" (expected 0x6908 / 0x6907),
///   kCorrupt  "protected TLV area size differs from ih_protect_tlv_size",
///   kCorrupt  "TLV area total smaller than its info header",
///   kOutOfRange "TLV area runs past the end of the slot", flash read errors.
core::Result<TlvLayout> read_tlv_layout(const flash::Area& slot, const ImageHeader& h);

struct TlvEntry {
  uint16_t type = 0;
  uint16_t len = 0;
  uint32_t value_off = 0;       // slot-relative offset of the value
  bool in_protected = false;
};

/// Walks the entries of both areas (protected first) and checks every length against the end of
/// its own area before anything is read past it.
class TlvIterator {
 public:
  TlvIterator(const flash::Area& slot, const TlvLayout& layout);

  /// Fills `out` with the next entry; false when both areas are done. Errors:
  ///   kCorrupt "TLV entry header runs past the end of its area",
  ///   kCorrupt "TLV length runs past the end of its area" (expected = room left, found = len),
  ///   flash read errors.
  core::Result<bool> next(TlvEntry& out);

  /// Reads the value of `e` into the first e.len bytes of `out`. kNoSpace when out is smaller.
  core::Status read_value(const TlvEntry& e, std::span<std::byte> out) const;

 private:
  flash::Area slot_;
  TlvLayout layout_;
  uint32_t pos_;
  bool in_protected_;
};

}  // namespace norboot::image
