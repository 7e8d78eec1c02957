#include "image/tlv.hpp"

#include <array>

#include "core/bytes.hpp"
#include "image/detail/slot_error.hpp"

namespace norboot::image {

using core::Errc;
using core::Error;
using core::fail;

namespace {

constexpr std::array<TlvKind, 27> kKinds{{
    {kTlvKeyHash, "KEYHASH", TlvRole::kKey, true},
    {kTlvPubKey, "PUBKEY", TlvRole::kKey, true},
    {kTlvKeyId, "KEYID", TlvRole::kKey, true},
    {kTlvSha256, "SHA256", TlvRole::kHash, true},
    {kTlvSha384, "SHA384", TlvRole::kHash, true},
    {kTlvSha512, "SHA512", TlvRole::kHash, true},
    {kTlvRsa2048Pss, "RSA2048", TlvRole::kSignature, true},
    {kTlvEcdsa224, "ECDSA224", TlvRole::kSignature, true},
    {kTlvEcdsaSig, "ECDSASIG", TlvRole::kSignature, true},
    {kTlvRsa3072Pss, "RSA3072", TlvRole::kSignature, true},
    {kTlvEd25519, "ED25519", TlvRole::kSignature, true},
    {kTlvSigPure, "SIG_PURE", TlvRole::kPure, true},
    {kTlvEncRsa2048, "ENCRSA2048", TlvRole::kEncryption, true},
    {kTlvEncKw, "ENCKW", TlvRole::kEncryption, true},
    {kTlvEncEc256, "ENCEC256", TlvRole::kEncryption, true},
    {kTlvEncX25519, "ENCX25519", TlvRole::kEncryption, true},
    {kTlvEncX25519Sha512, "ENCX25519_SHA512", TlvRole::kEncryption, true},
    {kTlvDependency, "DEPENDENCY", TlvRole::kDependency, false},
    {kTlvSecCnt, "SEC_CNT", TlvRole::kSecurityCounter, false},
    {kTlvBootRecord, "BOOT_RECORD", TlvRole::kBootRecord, false},
    {kTlvDecompSize, "DECOMP_SIZE", TlvRole::kCompression, false},
    {kTlvDecompSha, "DECOMP_SHA", TlvRole::kCompression, false},
    {kTlvDecompSignature, "DECOMP_SIGNATURE", TlvRole::kCompression, false},
    {kTlvCompDecSize, "COMP_DEC_SIZE", TlvRole::kCompression, false},
    {kTlvUuidVid, "UUID_VID", TlvRole::kOther, false},
    {kTlvUuidCid, "UUID_CID", TlvRole::kOther, false},
    {0xffff, "UNKNOWN", TlvRole::kOther, false},
}};
constexpr TlvKind kVendorKind{0, "UNKNOWN", TlvRole::kVendor, false};

/// Reads one 4-byte info header at `off`: (magic, total).
core::Result<std::pair<uint16_t, uint16_t>> read_info(const flash::Area& slot, uint32_t off) {
  if (uint64_t{off} + kTlvInfoSize > slot.size) {
    return fail(detail::in_slot(slot, off, Error{.code = Errc::kOutOfRange, .what = "TLV area runs past the end of the slot"}
                                               .values(slot.size, uint64_t{off} + kTlvInfoSize)));
  }
  std::array<std::byte, kTlvInfoSize> raw;
  if (auto r = slot.read(off, raw); !r) return fail(detail::tag_read_error(slot, off, r.error()));
  return std::pair{core::load_le16(raw, 0), core::load_le16(raw, 2)};
}

core::Status check_area(const flash::Area& slot, uint32_t off, uint16_t magic, uint16_t total, uint16_t want,
                        const char* magic_what) {
  if (magic != want) {
    return fail(detail::in_slot(slot, off, Error{.code = Errc::kBadMagic, .what = magic_what}.values(want, magic)));
  }
  if (total < kTlvInfoSize) {
    return fail(detail::in_slot(slot, off + 2, Error{.code = Errc::kCorrupt, .what = "TLV area total smaller than its info header"}
                                                   .values(kTlvInfoSize, total)));
  }
  if (uint64_t{off} + total > slot.size) {
    return fail(detail::in_slot(slot, off + 2, Error{.code = Errc::kOutOfRange, .what = "TLV area runs past the end of the slot"}
                                                   .values(slot.size, uint64_t{off} + total)));
  }
  return core::ok();
}

}  // namespace

const TlvKind& tlv_kind(uint16_t type) {
  for (const TlvKind& k : kKinds) {
    if (k.type == type) return k;
  }
  if (type >= kTlvVendorMin && type <= kTlvVendorMax) return kVendorKind;
  return kKinds.back();
}

core::Result<TlvLayout> read_tlv_layout(const flash::Area& slot, const ImageHeader& h) {
  TlvLayout l;
  uint32_t off = h.tlv_off();
  if (h.protect_tlv_size != 0) {
    auto [magic, total] = NB_TRY(read_info(slot, off));
    NB_TRY(check_area(slot, off, magic, total, kTlvProtInfoMagic, "protected TLV info magic"));
    if (total != h.protect_tlv_size) {
      return fail(detail::in_slot(slot, off + 2, Error{.code = Errc::kCorrupt,
                                                       .what = "protected TLV area size differs from ih_protect_tlv_size"}
                                                     .values(h.protect_tlv_size, total)));
    }
    l.prot_off = off;
    l.prot_size = total;
    off += total;
  }
  auto [magic, total] = NB_TRY(read_info(slot, off));
  NB_TRY(check_area(slot, off, magic, total, kTlvInfoMagic, "TLV info magic"));
  l.unprot_off = off;
  l.unprot_size = total;
  return l;
}

TlvIterator::TlvIterator(const flash::Area& slot, const TlvLayout& layout)
    : slot_(slot), layout_(layout), pos_(0), in_protected_(layout.prot_size != 0) {
  pos_ = (in_protected_ ? layout.prot_off : layout.unprot_off) + kTlvInfoSize;
}

core::Result<bool> TlvIterator::next(TlvEntry& out) {
  uint32_t end = in_protected_ ? layout_.prot_off + layout_.prot_size : layout_.end();
  if (pos_ >= end && in_protected_) {
    in_protected_ = false;
    pos_ = layout_.unprot_off + kTlvInfoSize;
    end = layout_.end();
  }
  if (pos_ >= end) return false;
  if (end - pos_ < kTlvHeaderSize) {
    return fail(detail::in_slot(slot_, pos_, Error{.code = Errc::kCorrupt, .what = "TLV entry header runs past the end of its area"}
                                                 .values(end - pos_, kTlvHeaderSize)));
  }
  std::array<std::byte, kTlvHeaderSize> raw;
  if (auto r = slot_.read(pos_, raw); !r) return fail(detail::tag_read_error(slot_, pos_, r.error()));
  out.type = core::load_le16(raw, 0);
  out.len = core::load_le16(raw, 2);
  out.value_off = pos_ + kTlvHeaderSize;
  out.in_protected = in_protected_;
  if (out.len > end - out.value_off) {
    return fail(detail::in_slot(slot_, pos_ + 2, Error{.code = Errc::kCorrupt, .what = "TLV length runs past the end of its area"}
                                                     .values(end - out.value_off, out.len)));
  }
  pos_ = out.value_off + out.len;
  return true;
}

core::Status TlvIterator::read_value(const TlvEntry& e, std::span<std::byte> out) const {
  if (out.size() < e.len) {
    return fail(detail::in_slot(slot_, e.value_off, Error{.code = Errc::kNoSpace, .what = "TLV value larger than the buffer"}
                                                        .values(out.size(), e.len)));
  }
  if (auto r = slot_.read(e.value_off, out.first(e.len)); !r) return fail(detail::tag_read_error(slot_, e.value_off, r.error()));
  return core::ok();
}

}  // namespace norboot::image
