#pragma once
// Crypto: the few primitives image validation needs, as one interface so a product picks the
// backend it can afford (OpenSSL 3 on the host: src/crypto_openssl; a Cortex-M library on a
// board). Device-side contract: no heap in the interface, hash state lives in caller storage.
// This header includes only core (DESIGN.md: crypto backends depend on core alone).
//
// What is signed (MCUboot, imgtool):
//   ECDSA P-256 / P-384  ECDSA over the image digest (SHA-256 / SHA-384), DER signature.
//   RSA-2048 / 3072      RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32, over the digest.
//   Ed25519              Ed25519 over the digest bytes; "pure" (SIG_PURE TLV): over the image.
// Public keys are the bytes imgtool embeds: SubjectPublicKeyInfo DER for EC and Ed25519,
// PKCS#1 RSAPublicKey DER for RSA.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/result.hpp"

namespace norboot::image {

enum class HashAlg : uint8_t { kSha256, kSha384, kSha512 };

inline constexpr size_t kMaxDigestSize = 64;

constexpr size_t digest_size(HashAlg alg) {
  return alg == HashAlg::kSha256 ? 32 : alg == HashAlg::kSha384 ? 48 : 64;
}
constexpr const char* hash_name(HashAlg alg) {
  return alg == HashAlg::kSha256 ? "SHA256" : alg == HashAlg::kSha384 ? "SHA384" : "SHA512";
}

enum class KeyKind : uint8_t { kEcdsaP256, kEcdsaP384, kEd25519, kRsa2048, kRsa3072 };

constexpr const char* key_kind_name(KeyKind k) {
  switch (k) {
    case KeyKind::kEcdsaP256: return "ecdsa-p256";
    case KeyKind::kEcdsaP384: return "ecdsa-p384";
    case KeyKind::kEd25519: return "ed25519";
    case KeyKind::kRsa2048: return "rsa-2048";
    case KeyKind::kRsa3072: return "rsa-3072";
  }
  return "?";
}

/// Room for one hash computation's state. A device backend keeps its context in these bytes
/// (mbedTLS's SHA-512 context is 216 bytes); the OpenSSL backend keeps a handle here.
struct alignas(16) HashState {
  static constexpr size_t kBytes = 256;
  std::array<std::byte, kBytes> storage{};
};

/// Where a "pure" signature's message comes from: the validator hands the slot over, chunk by
/// chunk, so the image never has to sit in RAM on the device side.
class MessageSource {
 public:
  virtual ~MessageSource() = default;
  virtual uint32_t size() const = 0;
  virtual core::Status read(uint32_t off, std::span<std::byte> out) const = 0;
};

class Crypto {
 public:
  virtual ~Crypto() = default;

  /// Starts a hash in `state`; a started state must end in hash_finish or hash_abort.
  virtual core::Status hash_begin(HashAlg alg, HashState& state) = 0;
  virtual core::Status hash_update(HashState& state, std::span<const std::byte> data) = 0;
  /// Writes digest_size(alg) bytes to the front of `digest` (kNoSpace if it is smaller) and ends
  /// the state.
  virtual core::Status hash_finish(HashState& state, std::span<std::byte> digest) = 0;
  virtual void hash_abort(HashState& state) = 0;

  /// What kind of key these embedded public-key bytes are. kUnsupported for other algorithms or
  /// sizes, kCorrupt when the DER does not parse.
  virtual core::Result<KeyKind> key_kind(std::span<const std::byte> public_key) = 0;

  /// Verifies `signature` over `digest` (ECDSA, RSA-PSS, Ed25519 over the digest bytes).
  /// kSignature when it does not verify, kUnsupported/kCorrupt for unusable keys.
  virtual core::Status verify_digest(KeyKind kind, std::span<const std::byte> public_key,
                                     std::span<const std::byte> digest, std::span<const std::byte> signature) = 0;

  /// Verifies a pure Ed25519 signature over the whole message.
  virtual core::Status verify_pure(KeyKind kind, std::span<const std::byte> public_key, const MessageSource& message,
                                   std::span<const std::byte> signature) = 0;
};

/// Hashes `data` in one go (key hashes, tests). Errors: the backend's.
core::Status hash_bytes(Crypto& crypto, HashAlg alg, std::span<const std::byte> data, std::span<std::byte> digest);

}  // namespace norboot::image
