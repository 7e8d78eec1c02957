#include "image/detail/tlv_scan.hpp"

#include "core/bytes.hpp"
#include "image/detail/slot_error.hpp"

namespace norboot::image::detail {

using core::Errc;
using core::Error;
using core::fail;

namespace {

core::Status length_is(const flash::Area& slot, const TlvEntry& e, uint16_t want, const char* what) {
  if (e.len == want) return core::ok();
  return fail(in_slot(slot, e.value_off - 2, Error{.code = Errc::kCorrupt, .what = what}.values(want, e.len)));
}

core::Status take_hash(const flash::Area& slot, Scan& s, const TlvEntry& e, const TlvIterator& it) {
  if (s.info.has_hash) {
    return fail(in_slot(slot, e.value_off - kTlvHeaderSize, Error{.code = Errc::kCorrupt, .what = "second hash TLV"}
                                                                .values(s.hash_tlv.type, e.type)));
  }
  const HashAlg alg = e.type == kTlvSha256 ? HashAlg::kSha256 : e.type == kTlvSha384 ? HashAlg::kSha384 : HashAlg::kSha512;
  NB_TRY(length_is(slot, e, static_cast<uint16_t>(digest_size(alg)), "hash TLV length differs from its digest size"));
  NB_TRY(it.read_value(e, s.info.hash));
  s.info.has_hash = true;
  s.info.hash_alg = alg;
  s.info.hash_len = static_cast<uint8_t>(e.len);
  s.hash_tlv = e;
  return core::ok();
}

core::Status take_signature(const flash::Area& slot, Scan& s, const TlvEntry& e) {
  if (s.info.signature_count == kMaxSignatures) {
    return fail(in_slot(slot, e.value_off - kTlvHeaderSize,
                        Error{.code = Errc::kTooLarge, .what = "more signature TLVs than ImageInfo holds"}
                            .values(kMaxSignatures, kMaxSignatures + 1)));
  }
  SignatureRef& ref = s.sigs[s.info.signature_count++];
  ref = {s.pending_key, s.has_pending_key, e};
  if (s.info.signature_type == 0) s.info.signature_type = e.type;
  return core::ok();
}

core::Status take_small(const flash::Area& slot, Scan& s, const TlvEntry& e, const TlvIterator& it) {
  std::array<std::byte, 12> v;
  switch (tlv_kind(e.type).role) {
    case TlvRole::kPure:
      NB_TRY(length_is(slot, e, 1, "SIG_PURE TLV length"));
      NB_TRY(it.read_value(e, v));
      s.info.pure = v[0] == std::byte{1};
      return core::ok();
    case TlvRole::kSecurityCounter:
      NB_TRY(length_is(slot, e, 4, "SEC_CNT TLV length"));
      NB_TRY(it.read_value(e, v));
      s.info.has_security_counter = true;
      s.info.security_counter = core::load_le32(v, 0);
      s.sec_cnt_tlv = e;
      return core::ok();
    default: break;
  }
  // DEPENDENCY: u8 image id, 3 pad, then a version (u8, u8, u16, u32).
  NB_TRY(length_is(slot, e, 12, "DEPENDENCY TLV length"));
  if (s.info.dependency_count == kMaxDependencies) {
    return fail(in_slot(slot, e.value_off - kTlvHeaderSize,
                        Error{.code = Errc::kTooLarge, .what = "more DEPENDENCY TLVs than ImageInfo holds"}
                            .values(kMaxDependencies, kMaxDependencies + 1)));
  }
  NB_TRY(it.read_value(e, v));
  Dependency& d = s.info.dependencies[s.info.dependency_count++];
  d.image_id = std::to_integer<uint8_t>(v[0]);
  d.min_version = {std::to_integer<uint8_t>(v[4]), std::to_integer<uint8_t>(v[5]), core::load_le16(v, 6),
                   core::load_le32(v, 8)};
  return core::ok();
}

core::Status take(const flash::Area& slot, Scan& s, const TlvEntry& e, const TlvIterator& it) {
  const TlvKind& kind = tlv_kind(e.type);
  ++s.info.tlv_count;
  if (!e.in_protected && !kind.allowed_unprotected && !s.has_disallowed) {
    s.first_disallowed = e;
    s.has_disallowed = true;
  }
  switch (kind.role) {
    case TlvRole::kHash: return take_hash(slot, s, e, it);
    case TlvRole::kKey:
      s.pending_key = e;
      s.has_pending_key = true;
      return core::ok();
    case TlvRole::kSignature: return take_signature(slot, s, e);
    case TlvRole::kPure:
    case TlvRole::kSecurityCounter:
    case TlvRole::kDependency: return take_small(slot, s, e, it);
    case TlvRole::kBootRecord: s.info.has_boot_record = true; return core::ok();
    case TlvRole::kEncryption:
      s.info.encrypted = true;
      s.info.encryption_tlv = e.type;
      return core::ok();
    case TlvRole::kCompression: s.info.compressed = true; return core::ok();
    case TlvRole::kOther:
    case TlvRole::kVendor: return core::ok();
  }
  return core::ok();
}

}  // namespace

core::Status scan_image(const flash::Area& slot, Scan& s) {
  s = Scan{};
  s.info.header = NB_TRY(read_header(slot));
  s.info.tlvs = NB_TRY(read_tlv_layout(slot, s.info.header));
  s.info.total_size = s.info.tlvs.end();
  s.info.encrypted = s.info.header.encrypted();
  s.info.compressed = s.info.header.compressed();
  TlvIterator it(slot, s.info.tlvs);
  TlvEntry e;
  while (NB_TRY(it.next(e))) NB_TRY(take(slot, s, e, it));
  return core::ok();
}

}  // namespace norboot::image::detail
