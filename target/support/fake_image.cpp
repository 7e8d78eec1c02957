#include "support/fake_image.hpp"

#include <algorithm>
#include <array>

#include "core/bytes.hpp"
#include "core/crc.hpp"

namespace norboot::target {

namespace {
constexpr uint32_t kMagic = 0x4E425449;
constexpr uint32_t kHeader = 24;

core::Error in(const flash::Area& area, uint32_t rel, core::Error e) {
  return e.at(area.dev->name(), area.off + rel).in_area(area.name);
}
}  // namespace

void write_fake_image(std::span<std::byte> out, uint32_t size, boot::Version v, uint8_t seed, uint32_t sc) {
  auto img = out.first(size);
  core::store_le32(img, 0, kMagic);
  core::store_le32(img, 4, size);
  img[8] = std::byte{v.major};
  img[9] = std::byte{v.minor};
  core::store_le16(img, 10, v.revision);
  core::store_le32(img, 12, 0);
  core::store_le32(img, 16, 0);
  core::store_le32(img, 20, sc);
  uint32_t x = seed * 2654435761u + 1;
  for (uint32_t i = kHeader; i + 4 < size; ++i) {
    x = x * 1103515245u + 12345u;
    img[i] = std::byte(x >> 24);
  }
  core::store_le32(img, size - 4, core::crc32(img.first(size - 4)));
}

core::Result<boot::ImageSummary> FakeImageCheck::peek(const flash::Area& area) {
  std::array<std::byte, kHeader> h{};
  NB_TRY(area.read(0, h));
  if (core::load_le32(h) != kMagic) {
    return core::fail(in(area, 0, core::Error{.code = core::Errc::kBadMagic, .what = "fake image magic"}.values(
                                      kMagic, core::load_le32(h))));
  }
  boot::ImageSummary s;
  s.size = core::load_le32(h, 4);
  s.version = {std::to_integer<uint8_t>(h[8]), std::to_integer<uint8_t>(h[9]), core::load_le16(h, 10), 0};
  const uint32_t sc = core::load_le32(h, 20);
  s.has_security_counter = sc != 0xFFFFFFFF;
  s.security_counter = sc;
  if (s.size < kHeader + 4 || s.size > area.size) {
    return core::fail(in(area, 4, core::Error{.code = core::Errc::kCorrupt, .what = "fake image size"}.values(
                                      area.size, s.size)));
  }
  return s;
}

core::Result<boot::ImageSummary> FakeImageCheck::verify(const flash::Area& area) {
  boot::ImageSummary s = NB_TRY(peek(area));
  std::array<std::byte, 256> buf{};
  uint32_t crc = 0;
  for (uint32_t off = 0; off < s.size - 4;) {
    const uint32_t n = std::min<uint32_t>(buf.size(), s.size - 4 - off);
    NB_TRY(area.read(off, std::span(buf).first(n)));
    crc = core::crc32(std::span(buf).first(n), crc);
    off += n;
  }
  std::array<std::byte, 4> stored{};
  NB_TRY(area.read(s.size - 4, stored));
  if (core::load_le32(stored) != crc) {
    return core::fail(in(area, s.size - 4, core::Error{.code = core::Errc::kMismatch, .what = "fake image CRC"}.values(
                                               crc, core::load_le32(stored))));
  }
  core::store_le32(std::span(s.hash), 0, crc);
  s.hash_len = 4;
  return s;
}

}  // namespace norboot::target
