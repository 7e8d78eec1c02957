#include "tools/imgtool/image_packing.hpp"

#include <utility>

#include "boot/trailer_layout.hpp"
#include "core/bytes.hpp"
#include "image/tlv.hpp"

namespace norboot::tools::imgtool {

void put16(std::span<std::byte> out, size_t at, uint16_t v, Endian e) {
  const auto hi = std::byte(static_cast<uint8_t>(v >> 8)), lo = std::byte(static_cast<uint8_t>(v));
  out[at] = e == Endian::kBig ? hi : lo;
  out[at + 1] = e == Endian::kBig ? lo : hi;
}

void put32(std::span<std::byte> out, size_t at, uint32_t v, Endian e) {
  const bool big = e == Endian::kBig;
  put16(out, at + (big ? 2 : 0), static_cast<uint16_t>(v), e);
  put16(out, at + (big ? 0 : 2), static_cast<uint16_t>(v >> 16), e);
}

void add_tlv(std::vector<std::byte>& area, uint16_t type, bool vendor, std::span<const std::byte> value, Endian e) {
  const size_t at = area.size();
  area.resize(at + image::kTlvHeaderSize);
  if (vendor) {
    put16(area, at, type, e);
  } else {  // imgtool's "BB": the type byte, then a zero byte, whatever the byte order
    area[at] = std::byte(static_cast<uint8_t>(type));
    area[at + 1] = std::byte{0};
  }
  put16(area, at + 2, static_cast<uint16_t>(value.size()), e);
  area.insert(area.end(), value.begin(), value.end());
}

std::vector<std::byte> with_info(uint16_t magic, const std::vector<std::byte>& entries, Endian e) {
  if (entries.empty()) return {};
  std::vector<std::byte> out(image::kTlvInfoSize);
  put16(out, 0, magic, e);
  put16(out, 2, static_cast<uint16_t>(entries.size() + image::kTlvInfoSize), e);
  out.insert(out.end(), entries.begin(), entries.end());
  return out;
}

void store_header(const image::ImageHeader& h, std::span<std::byte, image::kHeaderSize> out, Endian e) {
  image::store_header(h, out);  // little endian, and the layout to follow
  if (e == Endian::kLittle) return;
  constexpr std::pair<size_t, size_t> kFields[] = {{0, 4}, {4, 4}, {8, 2}, {10, 2}, {12, 4}, {16, 4}, {22, 2}, {24, 4}, {28, 4}};
  for (auto [off, size] : kFields) {
    for (size_t i = 0; i < size / 2; ++i) std::swap(out[off + i], out[off + size - 1 - i]);
  }
}

std::array<std::byte, 16> trailer_magic(uint32_t max_align, Endian e) {
  auto magic = boot::magic_for(max_align);
  if (max_align != 8 && e == Endian::kBig) std::swap(magic[0], magic[1]);
  return magic;
}

}  // namespace norboot::tools::imgtool
