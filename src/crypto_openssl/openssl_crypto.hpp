#pragma once
// OpenSslCrypto: image::Crypto on OpenSSL 3 (EVP). Host-only: OpenSSL allocates its own contexts;
// the HashState storage holds the context handle. Digests are fetched once per object.
#include <memory>

#include "image/crypto.hpp"

namespace norboot::crypto_openssl {

class OpenSslCrypto final : public image::Crypto {
 public:
  OpenSslCrypto();
  ~OpenSslCrypto() override;
  OpenSslCrypto(const OpenSslCrypto&) = delete;
  OpenSslCrypto& operator=(const OpenSslCrypto&) = delete;

  core::Status hash_begin(image::HashAlg alg, image::HashState& state) override;
  core::Status hash_update(image::HashState& state, std::span<const std::byte> data) override;
  core::Status hash_finish(image::HashState& state, std::span<std::byte> digest) override;
  void hash_abort(image::HashState& state) override;

  core::Result<image::KeyKind> key_kind(std::span<const std::byte> public_key) override;
  core::Status verify_digest(image::KeyKind kind, std::span<const std::byte> public_key, std::span<const std::byte> digest,
                             std::span<const std::byte> signature) override;
  core::Status verify_pure(image::KeyKind kind, std::span<const std::byte> public_key, const image::MessageSource& message,
                           std::span<const std::byte> signature) override;

 private:
  struct Digests;
  std::unique_ptr<Digests> md_;
};

}  // namespace norboot::crypto_openssl
