#include "tools/imgtool/minimal_key.hpp"

#include <memory>

#include <openssl/asn1.h>
#include <openssl/core_names.h>

namespace norboot::tools::imgtool {

namespace {

struct SeqFree {
  void operator()(ASN1_SEQUENCE_ANY* s) const { sk_ASN1_TYPE_pop_free(s, ASN1_TYPE_free); }
};
using SeqPtr = std::unique_ptr<ASN1_SEQUENCE_ANY, SeqFree>;

SeqPtr parse_sequence(std::span<const std::byte> der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  SeqPtr seq(d2i_ASN1_SEQUENCE_ANY(nullptr, &p, static_cast<long>(der.size())));
  if (seq && p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) seq.reset();  // trailing bytes
  return seq;
}

std::vector<std::byte> encode_sequence(const ASN1_SEQUENCE_ANY* seq) {
  unsigned char* out = nullptr;
  const int n = i2d_ASN1_SEQUENCE_ANY(seq, &out);
  if (n <= 0) return {};
  std::vector<std::byte> der(reinterpret_cast<std::byte*>(out), reinterpret_cast<std::byte*>(out) + n);
  OPENSSL_free(out);
  return der;
}

}  // namespace

crypto_openssl::PkeyPtr ec_key_without_public(EVP_PKEY* key) {
  crypto_openssl::PkeyPtr copy(EVP_PKEY_dup(key));
  if (copy && EVP_PKEY_set_int_param(copy.get(), OSSL_PKEY_PARAM_EC_INCLUDE_PUBLIC, 0) != 1) copy.reset();
  return copy;
}

std::expected<std::vector<std::byte>, std::string> rsa_without_crt(std::span<const std::byte> pkcs1) {
  constexpr int kKept = 6;  // version, n, e, d, p, q
  SeqPtr seq = parse_sequence(pkcs1);
  if (!seq || sk_ASN1_TYPE_num(seq.get()) != 9) return std::unexpected("the RSA private key is not a 9-element RSAPrivateKey SEQUENCE");
  for (int i = 0; i < sk_ASN1_TYPE_num(seq.get()); ++i) {
    if (ASN1_TYPE_get(sk_ASN1_TYPE_value(seq.get(), i)) != V_ASN1_INTEGER) return std::unexpected("RSAPrivateKey element is not an INTEGER");
  }
  while (sk_ASN1_TYPE_num(seq.get()) > kKept) ASN1_TYPE_free(sk_ASN1_TYPE_pop(seq.get()));
  auto der = encode_sequence(seq.get());
  if (der.empty()) return std::unexpected("re-encoding the RSA private key failed");
  return der;
}

std::expected<std::vector<std::byte>, std::string> pkcs8_with_inner(std::span<const std::byte> pkcs8,
                                                                   std::span<const std::byte> inner) {
  constexpr int kPrivateKeyIndex = 2;  // PrivateKeyInfo: version, algorithm, privateKey OCTET STRING
  SeqPtr seq = parse_sequence(pkcs8);
  if (!seq || sk_ASN1_TYPE_num(seq.get()) < 3) return std::unexpected("the key is not a PKCS#8 PrivateKeyInfo SEQUENCE");
  ASN1_TYPE* priv = sk_ASN1_TYPE_value(seq.get(), kPrivateKeyIndex);
  if (ASN1_TYPE_get(priv) != V_ASN1_OCTET_STRING) return std::unexpected("PKCS#8 privateKey is not an OCTET STRING");
  if (ASN1_STRING_set(priv->value.octet_string, inner.data(), static_cast<int>(inner.size())) != 1) {
    return std::unexpected("replacing the PKCS#8 privateKey failed");
  }
  auto der = encode_sequence(seq.get());
  if (der.empty()) return std::unexpected("re-encoding the PKCS#8 key failed");
  return der;
}

}  // namespace norboot::tools::imgtool
