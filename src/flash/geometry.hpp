#pragma once
// Geometry of one flash device. Sectors are the smallest erase unit and are given as a run-length
// list, so uniform chips (1024 × 4 KiB) and STM32F4-style banks (4 × 16 KiB, 1 × 64 KiB,
// 7 × 128 KiB) share one description. Erase types list the erase sizes the device can do in one
// command (SPI NOR: 4 KiB, 32 KiB, 64 KiB); a bigger type may only be used where it is aligned.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace norboot::flash {

struct SectorRun {
  uint32_t size = 0;   // bytes per sector in this run
  uint32_t count = 0;  // sectors in this run
};

struct Sector {
  uint32_t index = 0;  // 0-based sector number on the device
  uint32_t off = 0;    // device offset of its first byte
  uint32_t size = 0;
};

inline constexpr size_t kMaxSectorRuns = 8;
inline constexpr size_t kMaxEraseTypes = 4;

struct Geometry {
  uint32_t size = 0;          // device size in bytes
  uint32_t write_block = 1;   // offset and length of every write are multiples of this
  uint32_t page_size = 0;     // program page (SPI NOR 256); 0 when the device has none
  uint8_t erased_value = 0xFF;
  std::array<SectorRun, kMaxSectorRuns> runs{};
  uint8_t run_count = 0;
  std::array<uint32_t, kMaxEraseTypes> erase_sizes{};  // ascending; [0] is the sector size of uniform chips
  uint8_t erase_type_count = 0;

  /// A uniform device: `count` sectors of `sector_size`, one erase type of that size.
  static constexpr Geometry uniform(uint32_t sector_size, uint32_t count, uint32_t write_block,
                                    uint8_t erased = 0xFF, uint32_t page = 0) {
    Geometry g;
    g.size = sector_size * count;
    g.write_block = write_block;
    g.page_size = page;
    g.erased_value = erased;
    g.runs[0] = {sector_size, count};
    g.run_count = 1;
    g.erase_sizes[0] = sector_size;
    g.erase_type_count = 1;
    return g;
  }

  constexpr uint32_t sector_count() const {
    uint32_t n = 0;
    for (size_t i = 0; i < run_count; ++i) n += runs[i].count;
    return n;
  }

  /// The sector containing device offset `off`, or nullopt past the end.
  constexpr std::optional<Sector> sector_at(uint32_t off) const {
    uint32_t base = 0, index = 0;
    for (size_t i = 0; i < run_count; ++i) {
      const SectorRun& r = runs[i];
      uint64_t run_bytes = uint64_t{r.size} * r.count;
      if (off < base + run_bytes) {
        uint32_t k = (off - base) / r.size;
        return Sector{index + k, base + k * r.size, r.size};
      }
      base += static_cast<uint32_t>(run_bytes);
      index += r.count;
    }
    return std::nullopt;
  }

  /// Sector number `index`, or nullopt past the end.
  constexpr std::optional<Sector> sector(uint32_t index) const {
    uint32_t base = 0, first = 0;
    for (size_t i = 0; i < run_count; ++i) {
      const SectorRun& r = runs[i];
      if (index < first + r.count) return Sector{index, base + (index - first) * r.size, r.size};
      base += r.size * r.count;
      first += r.count;
    }
    return std::nullopt;
  }

  /// True when `off` is the first byte of a sector (or the end of the device).
  constexpr bool is_sector_boundary(uint32_t off) const {
    if (off == size) return true;
    auto s = sector_at(off);
    return s && s->off == off;
  }
};

}  // namespace norboot::flash
