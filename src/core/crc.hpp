#pragma once
// CRCs used by norboot formats. crc16_xmodem: SMP serial framing (poly 0x1021, init 0, no
// reflection; check("123456789") = 0x31C3). crc32: IEEE 802.3 (reflected 0xEDB88320; check =
// 0xCBF43926), used where a record needs stronger protection than a CRC-16.
#include <cstddef>
#include <cstdint>
#include <span>

namespace norboot::core {

uint16_t crc16_xmodem(std::span<const std::byte> data, uint16_t crc = 0);
uint32_t crc32(std::span<const std::byte> data, uint32_t crc = 0);
/// CRC-8 (poly 0x07, init 0): small records where one byte of check is all there is room for.
uint8_t crc8(std::span<const std::byte> data, uint8_t crc = 0);

}  // namespace norboot::core
