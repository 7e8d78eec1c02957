#pragma once
// Area: a partition of one Flash device (MCUboot's flash_area). Offsets passed to an Area are
// relative to its start; errors carry the area name and the device-absolute offset, so a log line
// says "secondary (external @0x049504): …" rather than an offset nobody can place.
#include <cstdint>
#include <span>

#include "flash/flash.hpp"

namespace norboot::flash {

struct Area {
  Flash* dev = nullptr;
  uint32_t off = 0;   // device offset of the first byte
  uint32_t size = 0;
  const char* name = "";

  const Geometry& geometry() const { return dev->geometry(); }
  uint8_t erased_value() const { return dev->geometry().erased_value; }
  uint32_t write_block() const { return dev->geometry().write_block; }

  Status read(uint32_t rel, std::span<std::byte> out) const;
  Status write(uint32_t rel, std::span<const std::byte> in) const;
  Status erase(uint32_t rel, uint32_t len) const;
  Status start_erase(uint32_t rel, uint32_t len) const;
  Status start_write(uint32_t rel, std::span<const std::byte> in) const;

  /// Checks [rel, rel+len) lies inside the area.
  Status check(uint32_t rel, uint64_t len) const;
  /// The device sector containing area offset `rel`, with `off` made area-relative.
  std::optional<Sector> sector_at(uint32_t rel) const;
  /// Number of device sectors the area spans (the area is sector-aligned in a valid layout).
  uint32_t sector_count() const;
  /// True when [off, off+size) starts and ends on sector boundaries of its device.
  bool is_sector_aligned() const;
  /// True when the two areas share at least one byte of the same device.
  bool overlaps(const Area& other) const;
};

}  // namespace norboot::flash
