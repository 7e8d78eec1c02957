#pragma once
// ImageVersion: MCUboot's struct image_version (major.minor.revision+build), 8 bytes LE on flash.
#include <cstdint>

namespace norboot::image {

struct Version {
  uint8_t major = 0;
  uint8_t minor = 0;
  uint16_t revision = 0;
  uint32_t build = 0;

  friend constexpr bool operator==(const Version&, const Version&) = default;
};

/// MCUboot orders versions without the build number (bootutil's boot_version_cmp).
constexpr int compare(const Version& a, const Version& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.revision != b.revision) return a.revision < b.revision ? -1 : 1;
  return 0;
}

}  // namespace norboot::image
