#include "crypto_openssl/evp_key.hpp"

#include <array>
#include <string_view>

#include <openssl/core_names.h>
#include <openssl/x509.h>

namespace norboot::crypto_openssl {

namespace {

struct TypeName {
  KeyType type;
  const char* name;
};
constexpr std::array<TypeName, 6> kTypeNames{{
    {KeyType::kEcdsaP256, "ecdsa-p256"},
    {KeyType::kEcdsaP384, "ecdsa-p384"},
    {KeyType::kEd25519, "ed25519"},
    {KeyType::kRsa2048, "rsa-2048"},
    {KeyType::kRsa3072, "rsa-3072"},
    {KeyType::kX25519, "x25519"},
}};

}  // namespace

const char* key_type_name(KeyType t) { return kTypeNames[static_cast<size_t>(t)].name; }

std::optional<KeyType> parse_key_type(std::string_view name) {
  for (const TypeName& t : kTypeNames) {
    if (name == t.name) return t.type;
  }
  return std::nullopt;
}

std::optional<image::KeyKind> signing_kind(KeyType t) {
  switch (t) {
    case KeyType::kEcdsaP256: return image::KeyKind::kEcdsaP256;
    case KeyType::kEcdsaP384: return image::KeyKind::kEcdsaP384;
    case KeyType::kEd25519: return image::KeyKind::kEd25519;
    case KeyType::kRsa2048: return image::KeyKind::kRsa2048;
    case KeyType::kRsa3072: return image::KeyKind::kRsa3072;
    case KeyType::kX25519: return std::nullopt;
  }
  return std::nullopt;
}

std::optional<KeyType> key_type_of(const EVP_PKEY* key) {
  if (key == nullptr) return std::nullopt;
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_ED25519: return KeyType::kEd25519;
    case EVP_PKEY_X25519: return KeyType::kX25519;
    case EVP_PKEY_RSA: {
      const int bits = EVP_PKEY_get_bits(key);
      if (bits == 2048) return KeyType::kRsa2048;
      if (bits == 3072) return KeyType::kRsa3072;
      return std::nullopt;
    }
    case EVP_PKEY_EC: {
      std::array<char, 64> group{};
      size_t len = 0;
      if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group.data(), group.size(), &len) != 1) {
        return std::nullopt;
      }
      const std::string_view g(group.data(), len);
      if (g == "prime256v1" || g == "P-256") return KeyType::kEcdsaP256;
      if (g == "secp384r1" || g == "P-384") return KeyType::kEcdsaP384;
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

PkeyPtr parse_public_key(std::span<const std::byte> der) {
  const auto* begin = reinterpret_cast<const unsigned char*>(der.data());
  const auto len = static_cast<long>(der.size());
  const unsigned char* p = begin;
  PkeyPtr key(d2i_PUBKEY(nullptr, &p, len));
  if (key && p == begin + len) return key;
  p = begin;
  key.reset(d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, len));
  if (key && p == begin + len) return key;
  return nullptr;
}

std::vector<std::byte> public_key_bytes(const EVP_PKEY* key) {
  unsigned char* out = nullptr;
  const int n = EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA ? i2d_PublicKey(key, &out) : i2d_PUBKEY(key, &out);
  if (n <= 0) return {};
  std::vector<std::byte> bytes(reinterpret_cast<std::byte*>(out), reinterpret_cast<std::byte*>(out) + n);
  OPENSSL_free(out);
  return bytes;
}

}  // namespace norboot::crypto_openssl
