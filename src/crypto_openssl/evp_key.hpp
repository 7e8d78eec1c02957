#pragma once
// Owning handles for OpenSSL objects and the two conversions every caller needs: the public-key
// bytes imgtool embeds ↔ EVP_PKEY, and EVP_PKEY → the key's kind.
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include <openssl/evp.h>

#include "image/crypto.hpp"

namespace norboot::crypto_openssl {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

/// Kinds of keys imgtool handles: the signing kinds plus X25519 (encryption only).
enum class KeyType : uint8_t { kEcdsaP256, kEcdsaP384, kEd25519, kRsa2048, kRsa3072, kX25519 };

/// imgtool's -t names ("ecdsa-p256", …, "x25519").
const char* key_type_name(KeyType t);
std::optional<KeyType> parse_key_type(std::string_view name);
/// The signing kind of a key type; nullopt for X25519.
std::optional<image::KeyKind> signing_kind(KeyType t);

/// The type of an OpenSSL key, nullopt for anything imgtool does not support (other curves,
/// RSA sizes other than 2048/3072).
std::optional<KeyType> key_type_of(const EVP_PKEY* key);

/// Parses embedded public-key bytes: SubjectPublicKeyInfo DER, or PKCS#1 RSAPublicKey DER for
/// RSA. Every byte must be consumed; nullptr otherwise.
PkeyPtr parse_public_key(std::span<const std::byte> der);

/// The bytes imgtool embeds for a key (getpub): SPKI DER, PKCS#1 DER for RSA.
std::vector<std::byte> public_key_bytes(const EVP_PKEY* key);

}  // namespace norboot::crypto_openssl
