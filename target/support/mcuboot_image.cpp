#include "support/mcuboot_image.hpp"

#include "core/bytes.hpp"
#include "image/header.hpp"
#include "image/sha256_portable.hpp"
#include "image/tlv.hpp"

namespace norboot::target {

uint32_t write_hashed_image(std::span<std::byte> out, uint32_t payload, ImageVersionBytes v, uint8_t seed) {
  using namespace norboot::image;
  const uint32_t total = payload + kHashedImageOverhead;
  auto img = out.first(total);
  core::store_le32(img, kOffMagic, kImageMagic);
  core::store_le32(img, kOffLoadAddr, 0);
  core::store_le16(img, kOffHdrSize, kHeaderSize);
  core::store_le16(img, kOffProtectTlvSize, 0);
  core::store_le32(img, kOffImgSize, payload);
  core::store_le32(img, kOffFlags, 0);
  img[kOffVersion] = std::byte{v.major};
  img[kOffVersion + 1] = std::byte{v.minor};
  core::store_le16(img, kOffVersion + 2, v.revision);
  core::store_le32(img, kOffVersion + 4, v.build);
  core::store_le32(img, kOffVersion + 8, 0);  // pad
  uint32_t x = seed * 2654435761u + 7;
  for (uint32_t i = 0; i < payload; ++i) {
    x = x * 1103515245u + 12345u;
    img[kHeaderSize + i] = std::byte(x >> 24);
  }
  const uint32_t tlv = kHeaderSize + payload;
  core::store_le16(img, tlv, kTlvInfoMagic);
  core::store_le16(img, tlv + 2, 4 + 4 + 32);
  core::store_le16(img, tlv + 4, kTlvSha256);
  core::store_le16(img, tlv + 6, 32);
  const auto digest = sha256(img.first(tlv));
  for (size_t i = 0; i < digest.size(); ++i) img[tlv + 8 + i] = digest[i];
  return total;
}

}  // namespace norboot::target
