#include "tools/imgtool/key_file.hpp"

#include <fstream>
#include <iterator>
#include <memory>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "core/result.hpp"
#include "tools/imgtool/minimal_key.hpp"

namespace norboot::tools::imgtool {

using namespace crypto_openssl;

namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

std::unexpected<KeyError> refused(std::string message) { return std::unexpected(KeyError{KeyError::kRefused, std::move(message)}); }

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(n));
}

struct PasswordCtx {
  const std::optional<std::string>* password;
  bool asked = false;
};

int password_cb(char* buf, int size, int, void* u) {
  auto* ctx = static_cast<PasswordCtx*>(u);
  ctx->asked = true;
  if (!ctx->password->has_value()) return -1;
  const std::string& p = **ctx->password;
  const int n = static_cast<int>(std::min<size_t>(p.size(), static_cast<size_t>(size)));
  std::copy(p.data(), p.data() + n, buf);
  return n;
}

std::expected<KeyFile, KeyError> typed(PkeyPtr key, bool is_private, const std::string& path) {
  auto type = key_type_of(key.get());
  if (!type) {
    const int bits = EVP_PKEY_get_bits(key.get());
    return refused(path + ": unsupported key (" + std::string(OBJ_nid2sn(EVP_PKEY_get_base_id(key.get()))) + ", " +
                   std::to_string(bits) + " bits): imgtool keys are ecdsa-p256, ecdsa-p384, ed25519, rsa-2048, rsa-3072, x25519");
  }
  return KeyFile(std::move(key), *type, is_private);
}

const EVP_MD* md_for(image::HashAlg alg) {
  return alg == image::HashAlg::kSha256 ? EVP_sha256() : alg == image::HashAlg::kSha384 ? EVP_sha384() : EVP_sha512();
}

std::expected<std::vector<std::byte>, KeyError> sign_ed25519(EVP_PKEY* key, std::span<const std::byte> msg) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  size_t len = 64;
  std::vector<std::byte> sig(len);
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(msg.data()), msg.size()) != 1) {
    return refused("Ed25519 signing failed");
  }
  sig.resize(len);
  return sig;
}

/// A signing (or verifying) context for a digest, set up as imgtool signs: the digest's hash, and
/// for RSA PSS with MGF1-SHA-256 and a 32-byte salt. nullptr when OpenSSL refuses the setup.
PkeyCtxPtr prehash_ctx(EVP_PKEY* key, KeyType type, image::HashAlg alg, bool sign) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  const int init = ctx ? (sign ? EVP_PKEY_sign_init(ctx.get()) : EVP_PKEY_verify_init(ctx.get())) : 0;
  if (init != 1 || EVP_PKEY_CTX_set_signature_md(ctx.get(), md_for(alg)) != 1) return nullptr;
  if (type == KeyType::kRsa2048 || type == KeyType::kRsa3072) {
    if (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256()) != 1 || EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), 32) != 1) {
      return nullptr;
    }
  }
  return ctx;
}

std::expected<std::vector<std::byte>, KeyError> sign_prehashed(EVP_PKEY* key, KeyType type, image::HashAlg alg,
                                                               std::span<const std::byte> digest) {
  PkeyCtxPtr ctx = prehash_ctx(key, type, alg, true);
  if (!ctx) return refused("signing setup failed");
  const auto* d = reinterpret_cast<const unsigned char*>(digest.data());
  size_t len = 0;
  if (EVP_PKEY_sign(ctx.get(), nullptr, &len, d, digest.size()) != 1) return refused("signing failed");
  std::vector<std::byte> sig(len);
  if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, d, digest.size()) != 1) {
    return refused("signing failed");
  }
  sig.resize(len);
  return sig;
}

}  // namespace

std::string KeyFile::public_pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PUBKEY(bio.get(), key_.get());
  return bio_text(bio.get());
}

std::expected<std::string, KeyError> KeyFile::private_pem(const std::optional<std::string>& password) const {
  if (!private_) return refused("a public key has no private part to write");
  BioPtr bio(BIO_new(BIO_s_mem()));
  int ok = 0;
  if (password) {
    ok = PEM_write_bio_PKCS8PrivateKey(bio.get(), key_.get(), EVP_aes_256_cbc(), password->data(),
                                       static_cast<int>(password->size()), nullptr, nullptr);
  } else {
    ok = PEM_write_bio_PKCS8PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr);
  }
  if (ok != 1) return refused("writing the private key failed");
  return bio_text(bio.get());
}

namespace {

std::expected<std::vector<std::byte>, KeyError> pkcs8_der(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (i2d_PKCS8PrivateKey_bio(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return refused("encoding the private key failed");
  }
  const std::string der = bio_text(bio.get());
  auto* b = reinterpret_cast<const std::byte*>(der.data());
  return std::vector<std::byte>(b, b + der.size());
}

std::expected<std::vector<std::byte>, KeyError> traditional_der(EVP_PKEY* key) {
  unsigned char* out = nullptr;
  const int n = i2d_PrivateKey(key, &out);
  if (n <= 0) return refused("encoding the private key failed");
  std::vector<std::byte> der(reinterpret_cast<std::byte*>(out), reinterpret_cast<std::byte*>(out) + n);
  OPENSSL_free(out);
  return der;
}

/// --minimal for RSA: the PKCS#1 key without its CRT values, wrapped again for PKCS#8.
std::expected<std::vector<std::byte>, KeyError> minimal_rsa_der(EVP_PKEY* key, bool pkcs8) {
  const auto pkcs1 = NB_TRY(traditional_der(key));
  auto small = rsa_without_crt(pkcs1);
  if (!small) return refused("--minimal: " + small.error());
  if (!pkcs8) return std::move(*small);
  const auto full = NB_TRY(pkcs8_der(key));
  auto wrapped = pkcs8_with_inner(full, *small);
  if (!wrapped) return refused("--minimal: " + wrapped.error());
  return std::move(*wrapped);
}

}  // namespace

std::expected<std::vector<std::byte>, KeyError> KeyFile::private_der(const std::string& format, bool minimal) const {
  if (!private_) return refused("getpriv needs a private key, the file holds a public key");
  if (type_ == KeyType::kEd25519) return refused("Operation not supported with ed25519 keys (imgtool getpriv)");
  if (format != "pkcs8" && format != "openssl") return refused("unknown private key format '" + format + "' (pkcs8, openssl)");
  if (format == "openssl" && type_ == KeyType::kX25519) return refused("x25519 keys have no traditional OpenSSL format; use -f pkcs8");
  const bool rsa = type_ == KeyType::kRsa2048 || type_ == KeyType::kRsa3072;
  const bool ec = type_ == KeyType::kEcdsaP256 || type_ == KeyType::kEcdsaP384;
  if (minimal && rsa) return minimal_rsa_der(key_.get(), format == "pkcs8");
  // An X25519 key has no public part in its encoding: --minimal changes nothing for it.
  PkeyPtr reduced = minimal && ec ? ec_key_without_public(key_.get()) : nullptr;
  if (minimal && ec && !reduced) return refused("--minimal: dropping the EC public key failed");
  EVP_PKEY* k = reduced ? reduced.get() : key_.get();
  return format == "pkcs8" ? pkcs8_der(k) : traditional_der(k);
}

std::expected<std::vector<std::byte>, KeyError> KeyFile::sign(image::HashAlg alg, std::span<const std::byte> digest,
                                                              std::span<const std::byte> message, bool pure) const {
  if (!private_) return refused("signing needs a private key, this file holds a public key");
  switch (type_) {
    case KeyType::kX25519: return refused("x25519 keys encrypt images, they cannot sign");
    case KeyType::kEd25519: return sign_ed25519(key_.get(), pure ? message : digest);
    default: return sign_prehashed(key_.get(), type_, alg, digest);
  }
}

bool KeyFile::verify(image::HashAlg alg, std::span<const std::byte> digest, std::span<const std::byte> message, bool pure,
                     std::span<const std::byte> signature) const {
  const auto* sig = reinterpret_cast<const unsigned char*>(signature.data());
  if (type_ == KeyType::kX25519) return false;
  if (type_ == KeyType::kEd25519) {
    const std::span<const std::byte> signed_bytes = pure ? message : digest;
    MdCtxPtr ctx(EVP_MD_CTX_new());
    return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) == 1 &&
           EVP_DigestVerify(ctx.get(), sig, signature.size(), reinterpret_cast<const unsigned char*>(signed_bytes.data()),
                            signed_bytes.size()) == 1;
  }
  PkeyCtxPtr ctx = prehash_ctx(key_.get(), type_, alg, false);
  return ctx && EVP_PKEY_verify(ctx.get(), sig, signature.size(), reinterpret_cast<const unsigned char*>(digest.data()), digest.size()) == 1;
}

std::expected<KeyFile, KeyError> load_key_file(const std::string& path, const std::optional<std::string>& password) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::unexpected(KeyError{KeyError::kIo, path + ": cannot read the key file"});
  const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (text.find("-----BEGIN") == std::string::npos) return refused(path + ": not a PEM key file (no -----BEGIN line)");
  ERR_clear_error();
  BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  PasswordCtx ctx{&password};
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, password_cb, &ctx));
  if (key) return typed(std::move(key), true, path);
  const bool encrypted = text.find("ENCRYPTED") != std::string::npos;
  if (encrypted && !password) {
    return refused(path + ": the private key is password-protected and no password was given");
  }
  if (encrypted) return refused(path + ": wrong password for the private key (decryption failed)");
  ERR_clear_error();
  BioPtr pub(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  key.reset(PEM_read_bio_PUBKEY(pub.get(), nullptr, nullptr, nullptr));
  if (key) return typed(std::move(key), false, path);
  return refused(path + ": the PEM data is neither a private nor a public key OpenSSL can read");
}

std::expected<KeyFile, KeyError> generate_key(KeyType type) {
  EVP_PKEY* raw = nullptr;
  switch (type) {
    case KeyType::kEcdsaP256: raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"); break;
    case KeyType::kEcdsaP384: raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"); break;
    case KeyType::kEd25519: raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"); break;
    case KeyType::kX25519: raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"); break;
    case KeyType::kRsa2048: raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}); break;
    case KeyType::kRsa3072: raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{3072}); break;
  }
  if (raw == nullptr) return refused(std::string("key generation failed for ") + key_type_name(type));
  return KeyFile(PkeyPtr(raw), type, true);
}

}  // namespace norboot::tools::imgtool
