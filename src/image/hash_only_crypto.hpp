#pragma once
// HashOnlyCrypto: the Crypto backend of a device build without public-key crypto — SHA-256 from
// image/sha256_portable.hpp, nothing else. Signature calls answer kUnsupported, so
// image::validate() passes an image on its hash alone only when ValidateOptions.require_signature
// is false (the "hash-only validation" boot binary, target/boot_binary); a product that checks
// signatures plugs a real library in behind image::Crypto instead (target/README.md: cost).
#include "image/crypto.hpp"

namespace norboot::image {

class HashOnlyCrypto final : public Crypto {
 public:
  /// kUnsupported for SHA-384/512.
  core::Status hash_begin(HashAlg alg, HashState& state) override;
  core::Status hash_update(HashState& state, std::span<const std::byte> data) override;
  core::Status hash_finish(HashState& state, std::span<std::byte> digest) override;
  void hash_abort(HashState& state) override;

  /// kUnsupported: this backend knows no key type.
  core::Result<KeyKind> key_kind(std::span<const std::byte> public_key) override;
  core::Status verify_digest(KeyKind kind, std::span<const std::byte> public_key, std::span<const std::byte> digest,
                             std::span<const std::byte> signature) override;
  core::Status verify_pure(KeyKind kind, std::span<const std::byte> public_key, const MessageSource& message,
                           std::span<const std::byte> signature) override;
};

}  // namespace norboot::image
