#include "image_fuzz_target.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "crypto_openssl/openssl_crypto.hpp"
#include "flash/ram_flash.hpp"
#include "image/tlv.hpp"
#include "image/validator.hpp"
#include "image_fuzz_keys.hpp"

namespace norboot::fuzz {

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

std::span<const std::byte> bytes(const uint8_t* p, size_t n) { return {reinterpret_cast<const std::byte*>(p), n}; }

const std::array<image::TrustedKey, 3> kKeys{{
    {bytes(kEcdsaP256, sizeof kEcdsaP256), "ecdsa-p256"},
    {bytes(kEd25519, sizeof kEd25519), "ed25519"},
    {bytes(kRsa2048, sizeof kRsa2048), "rsa-2048"},
}};

/// Invariants of a successful inspect/validate: everything it reports lies inside the slot.
void check_info(const image::ImageInfo& info, uint32_t slot_size) {
  require(info.total_size <= slot_size);
  require(info.header.hashed_end() <= info.total_size);
  require(info.tlvs.end() == info.total_size);
  require(info.hash_len <= image::kMaxDigestSize);
  require(info.dependency_count <= image::kMaxDependencies);
  require(info.signature_count <= image::kMaxSignatures);
}

void walk_tlvs(const flash::Area& slot) {
  auto h = image::read_header(slot);
  if (!h) return;
  auto layout = image::read_tlv_layout(slot, *h);
  if (!layout) return;
  image::TlvIterator it(slot, *layout);
  image::TlvEntry e;
  std::array<std::byte, 64> small;
  for (;;) {
    auto more = it.next(e);
    if (!more || !*more) break;
    require(uint64_t{e.value_off} + e.len <= layout->end());
    (void)it.read_value(e, small);
  }
}

}  // namespace

int image_fuzz_one(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;
  std::vector<std::byte> mem(std::max<size_t>(size, 1), std::byte{0xff});
  if (size != 0) std::memcpy(mem.data(), data, size);
  flash::RamFlash dev("external", flash::Geometry::uniform(static_cast<uint32_t>(mem.size()), 1, 1), mem);
  const flash::Area slot{&dev, 0, static_cast<uint32_t>(mem.size()), "secondary"};
  static crypto_openssl::OpenSslCrypto crypto;
  const image::Keyring keyring(kKeys);

  walk_tlvs(slot);
  const size_t buf_sizes[] = {image::kMinWorkBuffer, 512, 4096};
  std::vector<std::byte> buf(buf_sizes[size % 3]);
  if (auto info = image::inspect(slot, buf)) check_info(*info, slot.size);
  for (bool require_signature : {false, true}) {
    image::ValidateOptions o;
    o.require_signature = require_signature;
    auto info = image::validate(slot, o, keyring, crypto, buf);
    if (!info) continue;
    check_info(*info, slot.size);
    require(info->hash_checked);
    require(!require_signature || (info->signature_checked && info->key_index >= 0 && info->key_index < 3));
  }
  // Validation only reads: the slot must hold exactly the input afterwards.
  require(size == 0 || std::memcmp(mem.data(), data, size) == 0);
  return 0;
}

}  // namespace norboot::fuzz
