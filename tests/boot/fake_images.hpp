#pragma once
// A tiny test-only image format for boot-core tests that need no crypto:
//   +0 u32 magic 0x4E425449 ("NBTI"), +4 u32 total size, +8 version (u8 major, u8 minor, u16 rev),
//   +12 u32 flags, +16 u32 load_addr, +20 u32 security counter (0xFFFFFFFF = none), payload …,
//   last 4 bytes: CRC-32 of everything before them.
// verify() reads the whole image through a 256-byte buffer and checks the CRC; peek() reads the
// header. Real MCUboot images are exercised by the image-validator adapter tests.
#include <cstdint>
#include <vector>

#include "boot/image_check.hpp"

namespace norboot::boot::testing {

std::vector<std::byte> make_fake_image(uint32_t size, Version v, uint8_t fill_seed, uint32_t security_counter = 0xFFFFFFFF,
                                       uint32_t flags = 0, uint32_t load_addr = 0);

class FakeImageCheck final : public ImageCheck {
 public:
  core::Result<ImageSummary> verify(const flash::Area& area) override;
  core::Result<ImageSummary> peek(const flash::Area& area) override;
  int verify_calls = 0;
};

}  // namespace norboot::boot::testing
