#include "image/validator.hpp"

#include <algorithm>
#include <array>

#include "image/detail/slot_error.hpp"
#include "image/detail/tlv_scan.hpp"

namespace norboot::image {

using core::Errc;
using core::Error;
using core::fail;
using detail::in_slot;
using detail::Scan;
using detail::SignatureRef;

namespace {

/// Which key kind a signature TLV needs, with which image hashes (imgtool ALLOWED_KEY_SHA).
struct SignatureRule {
  uint16_t tlv;
  KeyKind kind;
  bool sha256, sha384, sha512;
  bool pure_allowed;
  core::StaticText bad_signature;
};

constexpr std::array<SignatureRule, 5> kSignatureRules{{
    {kTlvEcdsaSig, KeyKind::kEcdsaP256, true, false, false, false, "ECDSASIG signature does not verify"},
    {kTlvEcdsaSig, KeyKind::kEcdsaP384, false, true, false, false, "ECDSASIG signature does not verify"},
    {kTlvRsa2048Pss, KeyKind::kRsa2048, true, false, false, false, "RSA2048 signature does not verify"},
    {kTlvRsa3072Pss, KeyKind::kRsa3072, true, false, false, false, "RSA3072 signature does not verify"},
    {kTlvEd25519, KeyKind::kEd25519, true, false, true, true, "ED25519 signature does not verify"},
}};

const SignatureRule* rule_for(uint16_t tlv, KeyKind kind) {
  for (const SignatureRule& r : kSignatureRules) {
    if (r.tlv == tlv && r.kind == kind) return &r;
  }
  return nullptr;
}

bool hash_allowed(const SignatureRule& r, HashAlg alg) {
  return alg == HashAlg::kSha256 ? r.sha256 : alg == HashAlg::kSha384 ? r.sha384 : r.sha512;
}

/// The signed message of a pure signature: the slot's bytes [0, hashed end).
class SlotMessage final : public MessageSource {
 public:
  SlotMessage(const flash::Area& slot, uint32_t size) : slot_(slot), size_(size) {}
  uint32_t size() const override { return size_; }
  core::Status read(uint32_t off, std::span<std::byte> out) const override {
    if (uint64_t{off} + out.size() > size_) {
      return fail(in_slot(slot_, off, Error{.code = Errc::kOutOfRange, .what = "read past the signed message"}
                                          .values(size_, uint64_t{off} + out.size())));
    }
    return slot_.read(off, out);
  }

 private:
  const flash::Area& slot_;
  uint32_t size_;
};

[[gnu::noinline]] core::Status check_policy(const flash::Area& slot, const Scan& s, const ValidateOptions& o) {
  if (o.enforce_allow_list && s.has_disallowed) {
    return fail(in_slot(slot, s.first_disallowed.value_off - kTlvHeaderSize,
                        Error{.code = Errc::kCorrupt, .what = "TLV not allowed in the unprotected area"}
                            .values(0, s.first_disallowed.type)));
  }
  if (s.info.encrypted) {
    return fail(in_slot(slot, kOffFlags, Error{.code = Errc::kUnsupported, .what = "image is encrypted (decryption is not built in)"}
                                             .values(0, s.info.header.flags)));
  }
  const uint32_t counter = s.info.has_security_counter ? s.info.security_counter : 0;
  if (counter < o.min_security_counter) {
    const uint32_t at = s.info.has_security_counter ? s.sec_cnt_tlv.value_off : s.info.tlvs.unprot_off;
    return fail(in_slot(slot, at, Error{.code = Errc::kDowngrade, .what = "security counter below the device's floor"}
                                      .values(o.min_security_counter, counter)));
  }
  return core::ok();
}

/// Streams [0, hashed end) through work_buf into the image's hash algorithm.
core::Status digest_slot(const flash::Area& slot, const Scan& s, Crypto& crypto, std::span<std::byte> work_buf,
                         std::span<std::byte> digest) {
  HashState state;
  NB_TRY(crypto.hash_begin(s.info.hash_alg, state));
  const uint32_t end = static_cast<uint32_t>(s.info.header.hashed_end());
  for (uint32_t off = 0; off < end;) {
    const auto n = static_cast<uint32_t>(std::min<size_t>(work_buf.size(), end - off));
    core::Status r = slot.read(off, work_buf.first(n));
    if (r) r = crypto.hash_update(state, work_buf.first(n));
    if (!r) {
      crypto.hash_abort(state);
      return fail(detail::tag_read_error(slot, off, r.error()));
    }
    off += n;
  }
  return crypto.hash_finish(state, digest);
}

[[gnu::noinline]] core::Status check_hash(const flash::Area& slot, Scan& s, Crypto& crypto, std::span<std::byte> work_buf) {
  if (!s.info.has_hash) {
    return fail(in_slot(slot, s.info.tlvs.unprot_off, Error{.code = Errc::kNotFound, .what = "hash TLV (SHA256/SHA384/SHA512)"}));
  }
  std::array<std::byte, kMaxDigestSize> digest;
  NB_TRY(digest_slot(slot, s, crypto, work_buf, digest));
  const auto stored = s.info.hash_view();
  if (!std::equal(stored.begin(), stored.end(), digest.begin())) {
    return fail(in_slot(slot, s.hash_tlv.value_off,
                        Error{.code = Errc::kMismatch,
                              .what = "image hash (hash TLV) does not match header + payload + protected TLVs"}
                            .values(core::leading_bytes_value(digest), core::leading_bytes_value(stored))));
  }
  s.info.hash_checked = true;
  return core::ok();
}

/// Reads `len` bytes at `off` into work_buf and compares them with `key`.
core::Result<bool> key_equals(const flash::Area& slot, uint32_t off, uint16_t len, std::span<const std::byte> key,
                              std::span<std::byte> work_buf) {
  if (key.size() != len) return false;
  for (uint32_t done = 0; done < len;) {
    const auto n = static_cast<uint32_t>(std::min<size_t>(work_buf.size(), len - done));
    if (auto r = slot.read(off + done, work_buf.first(n)); !r) return fail(detail::tag_read_error(slot, off + done, r.error()));
    if (!std::equal(work_buf.begin(), work_buf.begin() + n, key.begin() + done)) return false;
    done += n;
  }
  return true;
}

core::Result<size_t> find_key(const flash::Area& slot, const SignatureRef& ref, const Scan& s, const Keyring& keys,
                              Crypto& crypto, std::span<std::byte> work_buf) {
  const uint32_t key_at = ref.key.value_off - kTlvHeaderSize;
  if (!ref.has_key) {
    return fail(in_slot(slot, ref.sig.value_off - kTlvHeaderSize,
                        Error{.code = Errc::kSignature, .what = "signature TLV without a KEYHASH or PUBKEY before it"}));
  }
  if (ref.key.type == kTlvKeyHash) {
    std::array<std::byte, kMaxDigestSize> hash{};
    const auto n = static_cast<uint16_t>(std::min<size_t>(ref.key.len, kMaxDigestSize));
    if (auto r = slot.read(ref.key.value_off, std::span(hash).first(n)); !r) {
      return fail(detail::tag_read_error(slot, ref.key.value_off, r.error()));
    }
    // A KEYHASH of another length (a different hash algorithm) cannot match any key.
    if (ref.key.len == digest_size(s.info.hash_alg)) {
      auto found = NB_TRY(keys.find_by_hash(crypto, s.info.hash_alg, std::span(hash).first(n)));
      if (found) return *found;
    }
    std::array<std::byte, kMaxDigestSize> first{};
    if (!keys.empty()) NB_TRY(hash_bytes(crypto, s.info.hash_alg, keys[0].public_key, first));
    return fail(in_slot(slot, ref.key.value_off, Error{.code = Errc::kSignature, .what = "KEYHASH matches no trusted key"}
                                                     .values(core::leading_bytes_value(first), core::leading_bytes_value(hash))));
  }
  if (ref.key.type == kTlvPubKey) {
    for (size_t i = 0; i < keys.size(); ++i) {
      if (NB_TRY(key_equals(slot, ref.key.value_off, ref.key.len, keys[i].public_key, work_buf))) return i;
    }
    return fail(in_slot(slot, ref.key.value_off, Error{.code = Errc::kSignature, .what = "PUBKEY is not a trusted key"}));
  }
  return fail(in_slot(slot, key_at, Error{.code = Errc::kUnsupported, .what = "KEYID TLV (PSA key ids) is not supported"}));
}

core::Status verify_one(const flash::Area& slot, const SignatureRef& ref, const Scan& s, std::span<const std::byte> key,
                        Crypto& crypto, std::span<std::byte> work_buf) {
  const KeyKind kind = NB_TRY(crypto.key_kind(key));
  const SignatureRule* rule = rule_for(ref.sig.type, kind);
  if (rule == nullptr || !hash_allowed(*rule, s.info.hash_alg) || (s.info.pure && !rule->pure_allowed)) {
    return fail(in_slot(slot, ref.sig.value_off - kTlvHeaderSize,
                        Error{.code = Errc::kSignature, .what = "signature type does not fit the trusted key"}
                            .values(static_cast<uint64_t>(kind), ref.sig.type)));
  }
  if (ref.sig.len > work_buf.size()) {
    return fail(in_slot(slot, ref.sig.value_off, Error{.code = Errc::kNoSpace, .what = "signature TLV larger than the work buffer"}
                                                     .values(work_buf.size(), ref.sig.len)));
  }
  const auto sig = work_buf.first(ref.sig.len);
  if (auto r = slot.read(ref.sig.value_off, sig); !r) return fail(detail::tag_read_error(slot, ref.sig.value_off, r.error()));
  core::Status r = s.info.pure
                       ? crypto.verify_pure(kind, key, SlotMessage(slot, static_cast<uint32_t>(s.info.header.hashed_end())), sig)
                       : crypto.verify_digest(kind, key, s.info.hash_view(), sig);
  if (!r && r.error().code == Errc::kSignature) {
    return fail(in_slot(slot, ref.sig.value_off, Error{.code = Errc::kSignature, .what = rule->bad_signature}));
  }
  return r;
}

[[gnu::noinline]] core::Status check_signatures(const flash::Area& slot, Scan& s, const ValidateOptions& o, const Keyring& keys,
                              Crypto& crypto, std::span<std::byte> work_buf) {
  if (s.info.signature_count == 0) {
    if (!o.require_signature) return core::ok();
    return fail(in_slot(slot, s.info.tlvs.unprot_off, Error{.code = Errc::kSignature, .what = "no signature TLV"}));
  }
  core::Error first{};
  for (uint8_t i = 0; i < s.info.signature_count; ++i) {
    const SignatureRef& ref = s.sigs[i];
    auto index = find_key(slot, ref, s, keys, crypto, work_buf);
    core::Status r = index ? verify_one(slot, ref, s, keys[*index].public_key, crypto, work_buf) : fail(index.error());
    if (r) {
      s.info.signature_checked = true;
      s.info.key_index = static_cast<int8_t>(*index);
      s.info.signature_type = ref.sig.type;
      return core::ok();
    }
    if (i == 0) first = r.error();
  }
  if (!o.require_signature) return core::ok();
  return fail(first);
}

core::Status check_work_buf(const flash::Area& slot, std::span<std::byte> work_buf) {
  if (work_buf.size() >= kMinWorkBuffer) return core::ok();
  return fail(in_slot(slot, 0, Error{.code = Errc::kNoSpace, .what = "work buffer smaller than kMinWorkBuffer"}
                                   .values(kMinWorkBuffer, work_buf.size())));
}

}  // namespace

core::Result<ImageInfo> inspect(const flash::Area& slot, std::span<std::byte> work_buf) {
  NB_TRY(check_work_buf(slot, work_buf));
  Scan s;
  NB_TRY(detail::scan_image(slot, s));
  return s.info;
}

core::Result<ImageInfo> validate(const flash::Area& slot, const ValidateOptions& options, const Keyring& keys,
                                 Crypto& crypto, std::span<std::byte> work_buf) {
  NB_TRY(check_work_buf(slot, work_buf));
  Scan s;
  NB_TRY(detail::scan_image(slot, s));
  NB_TRY(check_policy(slot, s, options));
  NB_TRY(check_hash(slot, s, crypto, work_buf));
  if constexpr (core::kSignatureChecks) {
    NB_TRY(check_signatures(slot, s, options, keys, crypto, work_buf));
  } else if (options.require_signature) {
    // Fail closed: a caller that wants signatures must not get a hash-only "valid".
    return fail(in_slot(slot, s.info.tlvs.unprot_off,
                        Error{.code = Errc::kUnsupported, .what = "signature required, but this build checks hashes only"}));
  }
  return s.info;
}

}  // namespace norboot::image
