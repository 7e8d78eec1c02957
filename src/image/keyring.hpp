#pragma once
// Keyring: the public keys a device trusts, as the bytes imgtool embeds (getpub). An image names
// its key either by KEYHASH (the hash of those bytes, with the image's hash algorithm) or by a full
// PUBKEY TLV (compared byte for byte). A key that matches nothing is never used: an image whose
// KEYHASH was altered is refused even though its signature is intact (MCUboot bootutil_find_key).
#include <cstddef>
#include <optional>
#include <span>

#include "core/result.hpp"
#include "image/crypto.hpp"

namespace norboot::image {

struct TrustedKey {
  std::span<const std::byte> public_key;  // SubjectPublicKeyInfo / PKCS#1 DER, caller-owned
  const char* name = "";                  // for logs ("root-ec-p256")
};

class Keyring {
 public:
  constexpr Keyring() = default;
  constexpr explicit Keyring(std::span<const TrustedKey> keys) : keys_(keys) {}

  constexpr size_t size() const { return keys_.size(); }
  constexpr bool empty() const { return keys_.empty(); }
  constexpr const TrustedKey& operator[](size_t i) const { return keys_[i]; }

  /// Index of the key whose `alg` hash equals `key_hash`; nullopt when none does.
  /// Errors: the crypto backend's.
  core::Result<std::optional<size_t>> find_by_hash(Crypto& crypto, HashAlg alg, std::span<const std::byte> key_hash) const;

 private:
  std::span<const TrustedKey> keys_;
};

}  // namespace norboot::image
