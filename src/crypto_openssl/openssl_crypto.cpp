#include "crypto_openssl/openssl_crypto.hpp"

#include <cstring>
#include <vector>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "crypto_openssl/evp_key.hpp"

namespace norboot::crypto_openssl {

using core::Errc;
using core::fail;
using image::HashAlg;
using image::HashState;
using image::KeyKind;

struct OpenSslCrypto::Digests {
  EVP_MD* sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD* sha384 = EVP_MD_fetch(nullptr, "SHA384", nullptr);
  EVP_MD* sha512 = EVP_MD_fetch(nullptr, "SHA512", nullptr);
  ~Digests() {
    EVP_MD_free(sha256);
    EVP_MD_free(sha384);
    EVP_MD_free(sha512);
  }
  const EVP_MD* get(HashAlg a) const { return a == HashAlg::kSha256 ? sha256 : a == HashAlg::kSha384 ? sha384 : sha512; }
};

namespace {

// What the HashState storage holds for this backend.
struct HashHandle {
  EVP_MD_CTX* ctx;
  HashAlg alg;
};
static_assert(sizeof(HashHandle) <= HashState::kBytes);

HashHandle load_handle(const HashState& s) {
  HashHandle h;
  std::memcpy(&h, s.storage.data(), sizeof h);
  return h;
}
void store_handle(HashState& s, const HashHandle& h) { std::memcpy(s.storage.data(), &h, sizeof h); }

const unsigned char* u8(std::span<const std::byte> b) { return reinterpret_cast<const unsigned char*>(b.data()); }

core::Status crypto_error(const char* what) { return fail(Errc::kIo, what); }

// Owning handles travel through out-parameters: clang 14 (the fuzz build) cannot instantiate
// std::expected of a move-only type.

/// The EVP_PKEY for embedded key bytes, checked to be of `kind`.
core::Status load_key(std::span<const std::byte> public_key, KeyKind kind, PkeyPtr& key) {
  key = parse_public_key(public_key);
  if (!key) return fail(Errc::kCorrupt, "public key bytes do not parse (SPKI / PKCS#1 DER)");
  auto type = key_type_of(key.get());
  if (!type || signing_kind(*type) != kind) return fail(Errc::kUnsupported, "public key is not of the expected kind");
  return core::ok();
}

/// Sets up a verify context for a prehashed digest: ECDSA over the digest, RSA-PSS (salt 32).
core::Status digest_verify_ctx(EVP_PKEY* key, KeyKind kind, PkeyCtxPtr& ctx) {
  ctx.reset(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1) return fail(Errc::kIo, "EVP_PKEY_verify_init failed");
  const EVP_MD* md = kind == KeyKind::kEcdsaP384 ? EVP_sha384() : EVP_sha256();
  if (EVP_PKEY_CTX_set_signature_md(ctx.get(), md) != 1) return fail(Errc::kIo, "signature digest not accepted");
  if (kind == KeyKind::kRsa2048 || kind == KeyKind::kRsa3072) {
    if (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256()) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), 32) != 1) {
      return fail(Errc::kIo, "RSA-PSS parameters not accepted");
    }
  }
  return core::ok();
}

core::Status ed25519_verify(EVP_PKEY* key, std::span<const std::byte> message, std::span<const std::byte> signature) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1) {
    return crypto_error("EVP_DigestVerifyInit (Ed25519) failed");
  }
  if (EVP_DigestVerify(ctx.get(), u8(signature), signature.size(), u8(message), message.size()) != 1) {
    return fail(Errc::kSignature, "signature does not verify");
  }
  return core::ok();
}

}  // namespace

OpenSslCrypto::OpenSslCrypto() : md_(std::make_unique<Digests>()) {}
OpenSslCrypto::~OpenSslCrypto() = default;

core::Status OpenSslCrypto::hash_begin(HashAlg alg, HashState& state) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr || EVP_DigestInit_ex2(ctx, md_->get(alg), nullptr) != 1) {
    EVP_MD_CTX_free(ctx);
    return crypto_error("EVP_DigestInit_ex2 failed");
  }
  store_handle(state, {ctx, alg});
  return core::ok();
}

core::Status OpenSslCrypto::hash_update(HashState& state, std::span<const std::byte> data) {
  if (EVP_DigestUpdate(load_handle(state).ctx, data.data(), data.size()) != 1) return crypto_error("EVP_DigestUpdate failed");
  return core::ok();
}

core::Status OpenSslCrypto::hash_finish(HashState& state, std::span<std::byte> digest) {
  const HashHandle h = load_handle(state);
  if (digest.size() < image::digest_size(h.alg)) {
    hash_abort(state);
    return fail(core::Error{.code = Errc::kNoSpace, .what = "digest buffer too small"}.values(image::digest_size(h.alg), digest.size()));
  }
  unsigned int n = 0;
  const int rc = EVP_DigestFinal_ex(h.ctx, reinterpret_cast<unsigned char*>(digest.data()), &n);
  hash_abort(state);
  if (rc != 1) return crypto_error("EVP_DigestFinal_ex failed");
  return core::ok();
}

void OpenSslCrypto::hash_abort(HashState& state) {
  EVP_MD_CTX_free(load_handle(state).ctx);
  store_handle(state, {nullptr, HashAlg::kSha256});
}

core::Result<KeyKind> OpenSslCrypto::key_kind(std::span<const std::byte> public_key) {
  PkeyPtr key = parse_public_key(public_key);
  if (!key) return fail(Errc::kCorrupt, "public key bytes do not parse (SPKI / PKCS#1 DER)");
  auto type = key_type_of(key.get());
  auto kind = type ? signing_kind(*type) : std::nullopt;
  if (!kind) return fail(Errc::kUnsupported, "public key of a kind images are not signed with");
  return *kind;
}

core::Status OpenSslCrypto::verify_digest(KeyKind kind, std::span<const std::byte> public_key,
                                          std::span<const std::byte> digest, std::span<const std::byte> signature) {
  PkeyPtr key;
  NB_TRY(load_key(public_key, kind, key));
  if (kind == KeyKind::kEd25519) return ed25519_verify(key.get(), digest, signature);
  PkeyCtxPtr ctx;
  NB_TRY(digest_verify_ctx(key.get(), kind, ctx));
  if (EVP_PKEY_verify(ctx.get(), u8(signature), signature.size(), u8(digest), digest.size()) != 1) {
    return fail(Errc::kSignature, "signature does not verify");
  }
  return core::ok();
}

core::Status OpenSslCrypto::verify_pure(KeyKind kind, std::span<const std::byte> public_key,
                                        const image::MessageSource& message, std::span<const std::byte> signature) {
  if (kind != KeyKind::kEd25519) return fail(Errc::kUnsupported, "pure signatures are Ed25519 only");
  PkeyPtr key;
  NB_TRY(load_key(public_key, kind, key));
  // OpenSSL's Ed25519 is one-shot: the host backend gathers the message (it may allocate).
  std::vector<std::byte> bytes(message.size());
  NB_TRY(message.read(0, bytes));
  return ed25519_verify(key.get(), bytes, signature);
}

}  // namespace norboot::crypto_openssl
