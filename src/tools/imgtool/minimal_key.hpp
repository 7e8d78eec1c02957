#pragma once
// `imgtool getpriv --minimal`: a private key reduced to what the bootloader needs to decrypt
// images, so it takes less flash. An EC key loses its optional public key (ECPrivateKey [1]); an
// RSA key keeps version, n, e, d, p and q and loses the CRT values dP, dQ and qInv. The DER is
// re-encoded by OpenSSL (its generic ASN.1 SEQUENCE and the EC "include-public" key parameter),
// never patched by byte offsets.
#include <cstddef>
#include <expected>
#include <span>
#include <string>
#include <vector>

#include "crypto_openssl/evp_key.hpp"

namespace norboot::tools::imgtool {

/// A copy of an EC private key whose encodings leave out the public key.
crypto_openssl::PkeyPtr ec_key_without_public(EVP_PKEY* key);

/// PKCS#1 RSAPrivateKey DER → the same SEQUENCE with its first six INTEGERs only.
std::expected<std::vector<std::byte>, std::string> rsa_without_crt(std::span<const std::byte> pkcs1);

/// PKCS#8 PrivateKeyInfo DER with its privateKey OCTET STRING replaced by `inner`.
std::expected<std::vector<std::byte>, std::string> pkcs8_with_inner(std::span<const std::byte> pkcs8,
                                                                   std::span<const std::byte> inner);

}  // namespace norboot::tools::imgtool
