#include "image/tlv.hpp"

#include <array>

#include "core/bytes.hpp"
#include "core/static_text.hpp"
#include "image/detail/slot_error.hpp"

namespace norboot::image {

using core::Errc;
using core::Error;
using core::fail;

namespace {

// Names are imgtool's (dumpinfo prints them); a build without diagnostic text leaves them empty.
constexpr std::array<TlvKind, 27> kKinds{{
    {kTlvKeyHash, TlvRole::kKey, true, core::diag_text("KEYHASH")},
    {kTlvPubKey, TlvRole::kKey, true, core::diag_text("PUBKEY")},
    {kTlvKeyId, TlvRole::kKey, true, core::diag_text("KEYID")},
    {kTlvSha256, TlvRole::kHash, true, core::diag_text("SHA256")},
    {kTlvSha384, TlvRole::kHash, true, core::diag_text("SHA384")},
    {kTlvSha512, TlvRole::kHash, true, core::diag_text("SHA512")},
    {kTlvRsa2048Pss, TlvRole::kSignature, true, core::diag_text("RSA2048")},
    {kTlvEcdsa224, TlvRole::kSignature, true, core::diag_text("ECDSA224")},
    {kTlvEcdsaSig, TlvRole::kSignature, true, core::diag_text("ECDSASIG")},
    {kTlvRsa3072Pss, TlvRole::kSignature, true, core::diag_text("RSA3072")},
    {kTlvEd25519, TlvRole::kSignature, true, core::diag_text("ED25519")},
    {kTlvSigPure, TlvRole::kPure, true, core::diag_text("SIG_PURE")},
    {kTlvEncRsa2048, TlvRole::kEncryption, true, core::diag_text("ENCRSA2048")},
    {kTlvEncKw, TlvRole::kEncryption, true, core::diag_text("ENCKW")},
    {kTlvEncEc256, TlvRole::kEncryption, true, core::diag_text("ENCEC256")},
    {kTlvEncX25519, TlvRole::kEncryption, true, core::diag_text("ENCX25519")},
    {kTlvEncX25519Sha512, TlvRole::kEncryption, true, core::diag_text("ENCX25519_SHA512")},
    {kTlvDependency, TlvRole::kDependency, false, core::diag_text("DEPENDENCY")},
    {kTlvSecCnt, TlvRole::kSecurityCounter, false, core::diag_text("SEC_CNT")},
    {kTlvBootRecord, TlvRole::kBootRecord, false, core::diag_text("BOOT_RECORD")},
    {kTlvDecompSize, TlvRole::kCompression, false, core::diag_text("DECOMP_SIZE")},
    {kTlvDecompSha, TlvRole::kCompression, false, core::diag_text("DECOMP_SHA")},
    {kTlvDecompSignature, TlvRole::kCompression, false, core::diag_text("DECOMP_SIGNATURE")},
    {kTlvCompDecSize, TlvRole::kCompression, false, core::diag_text("COMP_DEC_SIZE")},
    {kTlvUuidVid, TlvRole::kOther, false, core::diag_text("UUID_VID")},
    {kTlvUuidCid, TlvRole::kOther, false, core::diag_text("UUID_CID")},
    {0xffff, TlvRole::kOther, false, core::diag_text("UNKNOWN")},
}};
constexpr TlvKind kVendorKind{0, TlvRole::kVendor, false, core::diag_text("UNKNOWN")};

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
