#pragma once
// Key files as MCUboot's imgtool writes and reads them: PKCS#8 PEM private keys (optionally
// password-protected), SubjectPublicKeyInfo PEM public keys. Signing follows imgtool exactly:
//   ECDSA P-256/P-384  ECDSA-SHA256/384 over the digest, DER (randomised)
//   RSA-2048/3072      RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32 (randomised)
//   Ed25519            over the digest bytes, or over the whole message when pure (deterministic)
// Host-only; errors are values (KeyError), never exceptions.
#include <cstddef>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "crypto_openssl/evp_key.hpp"
#include "image/crypto.hpp"

namespace norboot::tools::imgtool {

using crypto_openssl::KeyType;
using crypto_openssl::PkeyPtr;

struct KeyError {
  enum Kind { kIo, kRefused } kind = kRefused;  // kIo: unreadable file (exit 3), else invalid input
  std::string message;
};

class KeyFile {
 public:
  KeyFile() = default;
  KeyFile(PkeyPtr key, KeyType type, bool is_private) : key_(std::move(key)), type_(type), private_(is_private) {}

  KeyType type() const { return type_; }
  bool is_private() const { return private_; }
  EVP_PKEY* get() const { return key_.get(); }

  /// The bytes imgtool embeds (getpub, PUBKEY TLV; KEYHASH is their hash).
  std::vector<std::byte> public_bytes() const { return crypto_openssl::public_key_bytes(key_.get()); }
  std::string public_pem() const;
  /// Private key as PKCS#8 PEM, encrypted with AES-256-CBC when a password is given.
  std::expected<std::string, KeyError> private_pem(const std::optional<std::string>& password) const;
  /// Private key DER: "pkcs8" or "openssl" (traditional) format (imgtool getpriv). `minimal`
  /// (getpriv --minimal) keeps only what decryption needs: an EC key without its optional public
  /// key, an RSA key without the CRT values dP, dQ and qInv.
  std::expected<std::vector<std::byte>, KeyError> private_der(const std::string& format, bool minimal = false) const;

  /// Signs as imgtool does for this key type: `digest` is the image digest, `message` the signed
  /// bytes (used by pure Ed25519 only).
  std::expected<std::vector<std::byte>, KeyError> sign(image::HashAlg alg, std::span<const std::byte> digest,
                                                       std::span<const std::byte> message, bool pure) const;
  /// Checks a signature made as sign() makes it (the --fix-sig check); private or public key.
  bool verify(image::HashAlg alg, std::span<const std::byte> digest, std::span<const std::byte> message, bool pure,
              std::span<const std::byte> signature) const;

 private:
  PkeyPtr key_;
  KeyType type_ = KeyType::kEcdsaP256;
  bool private_ = false;
};

/// Loads a PEM private key (PKCS#8 or traditional, encrypted or not) or public key. Errors name
/// the file and what was wrong: unreadable, not a key, password-protected without a password, wrong
/// password, an algorithm or size imgtool does not support.
std::expected<KeyFile, KeyError> load_key_file(const std::string& path, const std::optional<std::string>& password);

/// A fresh key of `type` (keygen).
std::expected<KeyFile, KeyError> generate_key(KeyType type);

}  // namespace norboot::tools::imgtool
