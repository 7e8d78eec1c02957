#pragma once
// ImageInfo: everything inspect() and validate() learn about one image, in fixed-size fields so
// a bootloader or the SMP agent can keep it on the stack.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "image/crypto.hpp"
#include "image/header.hpp"
#include "image/tlv.hpp"
#include "image/version.hpp"

namespace norboot::image {

inline constexpr size_t kMaxDependencies = 4;
inline constexpr size_t kMaxSignatures = 4;

struct Dependency {
  uint8_t image_id = 0;
  Version min_version;
};

struct ImageInfo {
  ImageHeader header;
  TlvLayout tlvs;
  uint32_t total_size = 0;            // header + payload + both TLV areas: the bytes a swap moves

  bool has_hash = false;              // a SHA256/384/512 TLV is present
  HashAlg hash_alg = HashAlg::kSha256;
  std::array<std::byte, kMaxDigestSize> hash{};  // the hash TLV's value
  uint8_t hash_len = 0;
  bool hash_checked = false;          // validate(): recomputed over the slot and equal

  uint8_t signature_count = 0;        // signature TLVs seen
  uint16_t signature_type = 0;        // TLV type of the first signature (0: unsigned)
  bool pure = false;                  // SIG_PURE: the signature covers the image, not its digest
  bool signature_checked = false;     // validate(): a signature verified with a trusted key
  int8_t key_index = -1;              // which Keyring entry verified it

  bool has_security_counter = false;
  uint32_t security_counter = 0;
  std::array<Dependency, kMaxDependencies> dependencies{};
  uint8_t dependency_count = 0;
  bool has_boot_record = false;
  bool encrypted = false;             // header flag or an ENC_* TLV (decryption: a later issue)
  uint16_t encryption_tlv = 0;
  bool compressed = false;            // header flag or a DECOMP_* TLV
  uint16_t tlv_count = 0;

  std::span<const std::byte> hash_view() const { return std::span(hash).first(hash_len); }
};

/// Sizes that do not depend on the trailer: what `imgtool sign -S` and the boot core's slot
/// arithmetic add the trailer to.
struct ImageSizes {
  uint32_t header = 0;
  uint32_t payload = 0;
  uint32_t protected_tlvs = 0;    // info header included, 0 when absent
  uint32_t unprotected_tlvs = 0;  // info header included

  constexpr uint64_t hashed() const { return uint64_t{header} + payload + protected_tlvs; }
  constexpr uint64_t total() const { return hashed() + unprotected_tlvs; }
};

constexpr ImageSizes image_sizes(const ImageHeader& h, uint32_t unprotected_tlv_total) {
  return {h.hdr_size, h.img_size, h.protect_tlv_size, unprotected_tlv_total};
}

/// Unprotected TLV area bytes imgtool writes for a signature: info header, hash TLV, key TLV
/// (KEYHASH = digest, or the full key) and the signature TLV (+ SIG_PURE).
constexpr uint32_t unprotected_tlv_size(HashAlg alg, uint32_t key_tlv_len, uint32_t signature_len, bool pure) {
  uint32_t n = kTlvInfoSize + kTlvHeaderSize + static_cast<uint32_t>(digest_size(alg));
  if (pure) n += kTlvHeaderSize + 1;
  if (signature_len != 0) n += kTlvHeaderSize + key_tlv_len + kTlvHeaderSize + signature_len;
  return n;
}

static_assert(image_sizes(ImageHeader{.hdr_size = 0x200, .protect_tlv_size = 0, .img_size = 1024, .flags = 0, .version = {}, .pad = 0}, 152).total() == 1688);
static_assert(unprotected_tlv_size(HashAlg::kSha256, 32, 72, false) == 152);

}  // namespace norboot::image
