#pragma once
// The boot-core tests' image format (the same bytes as tests/boot/fake_images.hpp), written into
// caller memory so it runs without a heap:
//   +0 u32 magic 0x4E425449 ("NBTI"), +4 u32 total size, +8 version (u8 major, u8 minor, u16 rev),
//   +12 u32 flags, +16 u32 load_addr, +20 u32 security counter (0xFFFFFFFF = none), payload …,
//   last 4 bytes: CRC-32 of everything before them.
#include <cstdint>
#include <span>

#include "boot/image_check.hpp"

namespace norboot::target {

/// Fills out.first(size) with an image; `size` must be ≥ 28 and ≤ out.size().
void write_fake_image(std::span<std::byte> out, uint32_t size, boot::Version v, uint8_t seed,
                      uint32_t security_counter = 0xFFFFFFFF);

/// verify(): header, then the CRC over the whole image through a 256-byte buffer; peek(): header.
class FakeImageCheck final : public boot::ImageCheck {
 public:
  core::Result<boot::ImageSummary> verify(const flash::Area& area) override;
  core::Result<boot::ImageSummary> peek(const flash::Area& area) override;
};

}  // namespace norboot::target
