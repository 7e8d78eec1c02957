#pragma once
// Writes a minimal MCUboot image into caller memory: the 32-byte header, `payload` bytes of
// seeded data, and an unprotected TLV area holding only the SHA-256 TLV (what `imgtool sign`
// without a key produces). Total size: 32 + payload + 40.
#include <cstdint>
#include <span>

namespace norboot::target {

inline constexpr uint32_t kHashedImageOverhead = 32 + 4 + 4 + 32;

struct ImageVersionBytes {
  uint8_t major = 1, minor = 0;
  uint16_t revision = 0;
  uint32_t build = 0;
};

/// Returns the image size; `out` must hold payload + kHashedImageOverhead bytes.
uint32_t write_hashed_image(std::span<std::byte> out, uint32_t payload, ImageVersionBytes v, uint8_t seed);

}  // namespace norboot::target
