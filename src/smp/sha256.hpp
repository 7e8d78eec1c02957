#pragma once
// The one digest the agent needs: SHA-256 of the received upload, checked against the client's
// "sha". A product passes its crypto library's SHA-256 (on the host, OpenSSL); the agent never
// hashes by hand. When the image module's Crypto interface lands, an adapter to it replaces this.
#include <array>
#include <cstddef>
#include <span>

namespace norboot::smp {

inline constexpr size_t kSha256Size = 32;
using Sha256Digest = std::array<std::byte, kSha256Size>;

class Sha256 {
 public:
  virtual ~Sha256() = default;
  virtual void reset() = 0;
  virtual void update(std::span<const std::byte> data) = 0;
  virtual Sha256Digest finish() = 0;
};

}  // namespace norboot::smp
