#pragma once
// ImageCheck: what the boot core needs to know about an image, behind an interface so the boot
// core is tested with any verifier and a product plugs in the image module's validator
// (boot/image_validator_check.hpp) with the crypto backend it can afford.
#include <array>
#include <cstdint>

#include "core/result.hpp"
#include "flash/area.hpp"

namespace norboot::boot {

struct Version {
  uint8_t major = 0;
  uint8_t minor = 0;
  uint16_t revision = 0;
  uint32_t build = 0;
};

/// MCUboot compares versions without the build number.
constexpr int compare(const Version& a, const Version& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.revision != b.revision) return a.revision < b.revision ? -1 : 1;
  return 0;
}

struct Dependency {
  uint8_t image = 0;
  Version min_version;
};

struct ImageSummary {
  Version version;
  uint32_t size = 0;          // header + image + TLV areas: the bytes a swap must move
  uint32_t load_addr = 0;
  uint32_t flags = 0;
  std::array<std::byte, 64> hash{};
  uint8_t hash_len = 0;
  bool has_security_counter = false;
  uint32_t security_counter = 0;
  std::array<Dependency, 4> deps{};
  uint8_t dep_count = 0;
  bool signature_checked = false;
};

class ImageCheck {
 public:
  virtual ~ImageCheck() = default;
  /// Full validation of the image at the start of `area` (hash, key, signature as the
  /// verifier's policy demands). The error names the field, offset, expected vs found.
  virtual core::Result<ImageSummary> verify(const flash::Area& area) = 0;
  /// Header and TLV sizes only, no digest: how many bytes the image occupies, its version.
  /// kBadMagic (or another error) when the area holds no image.
  virtual core::Result<ImageSummary> peek(const flash::Area& area) = 0;
};

/// Monotonic security counter of the device (hardware-backed on a product).
class SecurityCounterStore {
 public:
  virtual ~SecurityCounterStore() = default;
  virtual core::Result<uint32_t> get() = 0;
  virtual core::Status raise_to(uint32_t value) = 0;
};

}  // namespace norboot::boot
