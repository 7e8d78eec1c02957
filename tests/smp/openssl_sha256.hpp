#pragma once
// smp::Sha256 over OpenSSL's EVP interface: the digest the agent is given in tests, benchmarks
// and fuzz targets (a product passes its own crypto library's).
#include <openssl/evp.h>

#include <memory>
#include <span>

#include "smp/sha256.hpp"

namespace norboot::smp::testing {

class OpenSslSha256 final : public Sha256 {
 public:
  OpenSslSha256() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) { reset(); }
  void reset() override { EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr); }
  void update(std::span<const std::byte> data) override { EVP_DigestUpdate(ctx_.get(), data.data(), data.size()); }
  Sha256Digest finish() override {
    Sha256Digest d{};
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx_.get(), reinterpret_cast<unsigned char*>(d.data()), &n);
    return d;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

inline Sha256Digest sha256_of(std::span<const std::byte> data) {
  OpenSslSha256 h;
  h.update(data);
  return h.finish();
}

}  // namespace norboot::smp::testing
