#pragma once
// Where MCUboot's app-visible trailer fields sit, counted back from the end of a slot. Each field
// owns a whole BOOT_MAX_ALIGN-sized cell so it can be written once, without an erase, whatever the
// device's write block (MCUboot docs/design.md "Image trailer"; bootutil_public.c boot_*_off()).
//
//   end - 16                  magic (16 bytes; written as the last 16 of an align_up(16, max_align) cell)
//   end - 16 - A (rounded)    image_ok   (1 byte used)          A = max_align
//   image_ok  - A             copy_done  (1 byte used)
//   copy_done - A             swap_info  (low nibble swap type, high nibble image number)
//   swap_info - A             swap_size  (u32 LE)
//   swap_size - records       norboot's swap-progress records (norboot's own format, progress_log.hpp)
//
// With max_align 8 the magic is MCUboot's classic constant; with 16 or 32 it is the "alternative"
// magic: the max_align as u16 LE followed by 14 fixed bytes (what imgtool --max-align writes).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace norboot::boot {

inline constexpr uint32_t kMagicSize = 16;

inline constexpr std::array<uint8_t, 16> kMagicAlign8 = {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                                                         0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};
inline constexpr std::array<uint8_t, 14> kMagicAltTail = {0x2d, 0xe1, 0x5d, 0x29, 0x41, 0x0b, 0x8d,
                                                          0x77, 0x67, 0x9c, 0x11, 0x0f, 0x1f, 0x8a};

inline constexpr uint32_t align_up(uint32_t v, uint32_t a) { return (v + a - 1) / a * a; }
inline constexpr uint32_t align_down(uint32_t v, uint32_t a) { return v / a * a; }

/// The 16 magic bytes for a given BOOT_MAX_ALIGN.
constexpr std::array<std::byte, 16> magic_for(uint32_t max_align) {
  std::array<std::byte, 16> m{};
  if (max_align <= 8) {
    for (size_t i = 0; i < 16; ++i) m[i] = std::byte{kMagicAlign8[i]};
  } else {
    m[0] = std::byte(max_align & 0xFF);
    m[1] = std::byte(max_align >> 8);
    for (size_t i = 0; i < 14; ++i) m[i + 2] = std::byte{kMagicAltTail[i]};
  }
  return m;
}

/// Offsets of the app-visible fields relative to the start of a slot of `slot_size` bytes.
struct TrailerLayout {
  uint32_t max_align = 8;
  uint32_t slot_size = 0;

  constexpr uint32_t magic_off() const { return slot_size - kMagicSize; }
  /// The magic is written as a whole cell: erased bytes, then the 16 magic bytes at its end.
  constexpr uint32_t magic_cell_off() const { return align_down(magic_off(), max_align); }
  constexpr uint32_t magic_cell_size() const { return slot_size - magic_cell_off(); }
  constexpr uint32_t image_ok_off() const { return align_down(magic_off() - max_align, max_align); }
  constexpr uint32_t copy_done_off() const { return image_ok_off() - max_align; }
  constexpr uint32_t swap_info_off() const { return copy_done_off() - max_align; }
  constexpr uint32_t swap_size_off() const { return swap_info_off() - max_align; }
  /// Bytes of the app-visible part (swap_size .. end of slot).
  constexpr uint32_t info_size() const { return slot_size - swap_size_off(); }
};

/// Size of the app-visible part for a max_align: 4 cells + the magic cell (MCUboot's
/// boot_trailer_info_sz without encryption keys). 48 bytes for max_align 8.
constexpr uint32_t trailer_info_size(uint32_t max_align) {
  return 4 * max_align + align_up(kMagicSize, max_align);
}

static_assert(TrailerLayout{8, 0x1000}.image_ok_off() == 0x1000 - 24);
static_assert(TrailerLayout{8, 0x1000}.swap_size_off() == 0x1000 - 48);
static_assert(TrailerLayout{32, 0x1000}.image_ok_off() == 0x1000 - 64);
static_assert(trailer_info_size(8) == 48);

}  // namespace norboot::boot
