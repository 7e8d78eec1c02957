#include "core/crc.hpp"

#include <array>

namespace norboot::core {
namespace {

// Tables are built at compile time so the device image holds only the table, not the builder.
constexpr std::array<uint16_t, 256> make_crc16_table() {
  std::array<uint16_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint16_t c = static_cast<uint16_t>(i << 8);
    for (int b = 0; b < 8; ++b) c = static_cast<uint16_t>((c & 0x8000) ? (c << 1) ^ 0x1021 : c << 1);
    t[i] = c;
  }
  return t;
}
constexpr std::array<uint32_t, 256> make_crc32_table() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int b = 0; b < 8; ++b) c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    t[i] = c;
  }
  return t;
}
constexpr std::array<uint8_t, 256> make_crc8_table() {
  std::array<uint8_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint8_t c = static_cast<uint8_t>(i);
    for (int b = 0; b < 8; ++b) c = static_cast<uint8_t>((c & 0x80) ? (c << 1) ^ 0x07 : c << 1);
    t[i] = c;
  }
  return t;
}
constexpr auto kCrc16 = make_crc16_table();
constexpr auto kCrc32 = make_crc32_table();
constexpr auto kCrc8 = make_crc8_table();

}  // namespace

uint16_t crc16_xmodem(std::span<const std::byte> data, uint16_t crc) {
  for (std::byte b : data) {
    crc = static_cast<uint16_t>((crc << 8) ^ kCrc16[((crc >> 8) ^ std::to_integer<uint8_t>(b)) & 0xFF]);
  }
  return crc;
}

uint32_t crc32(std::span<const std::byte> data, uint32_t crc) {
  crc = ~crc;
  for (std::byte b : data) crc = (crc >> 8) ^ kCrc32[(crc ^ std::to_integer<uint8_t>(b)) & 0xFF];
  return ~crc;
}

uint8_t crc8(std::span<const std::byte> data, uint8_t crc) {
  for (std::byte b : data) crc = kCrc8[crc ^ std::to_integer<uint8_t>(b)];
  return crc;
}

}  // namespace norboot::core
