#pragma once
// Minimal MCUboot-shaped images for SMP tests: a 32-byte header (hdr_size 32), a pseudo-random
// body, and an unprotected TLV area holding one SHA-256 TLV over header + body — enough for the
// agent's header check and for `image list` hashes. The image module builds real signed images.
#include <cstdint>
#include <span>
#include <vector>

#include "core/bytes.hpp"
#include "openssl_sha256.hpp"

namespace norboot::smp::testing {

inline constexpr uint32_t kTlvArea = 4 + 4 + 32;  // info record + one SHA-256 TLV

struct ImageSpec {
  uint32_t total = 4096;    // bytes of the whole image file
  uint8_t major = 1, minor = 0;
  uint16_t revision = 0;
  uint32_t build = 0;
  uint32_t seed = 1;
  uint32_t flags = 0;
};

inline std::vector<std::byte> make_image(const ImageSpec& s) {
  std::vector<std::byte> img(s.total);
  const uint32_t body = s.total - 32 - kTlvArea;
  core::store_le32(img, 0, 0x96f3b83d);
  core::store_le32(img, 4, 0);
  core::store_le16(img, 8, 32);
  core::store_le16(img, 10, 0);
  core::store_le32(img, 12, body);
  core::store_le32(img, 16, s.flags);
  img[20] = std::byte{s.major};
  img[21] = std::byte{s.minor};
  core::store_le16(img, 22, s.revision);
  core::store_le32(img, 24, s.build);
  uint32_t x = s.seed * 2654435761u + 1;
  for (uint32_t i = 0; i < body; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    img[32 + i] = static_cast<std::byte>(x);
  }
  const uint32_t tlv = 32 + body;
  core::store_le16(img, tlv, 0x6907);
  core::store_le16(img, tlv + 2, kTlvArea);
  core::store_le16(img, tlv + 4, 0x0010);
  core::store_le16(img, tlv + 6, 32);
  auto digest = sha256_of(std::span(img).first(tlv));
  std::copy(digest.begin(), digest.end(), img.begin() + tlv + 8);
  return img;
}

/// The SHA-256 TLV value of a make_image() image (what `image list` shows as its hash).
inline std::span<const std::byte> image_hash(std::span<const std::byte> img) { return img.last(32); }

}  // namespace norboot::smp::testing
