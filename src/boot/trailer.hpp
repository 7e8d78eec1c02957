#pragma once
// Trailer: reads and writes the app-visible trailer of one slot (layout in trailer_layout.hpp).
// read() is the one place the raw bytes are decoded into enums (STYLE.md: decode once).
//
// Each flag is written once per erase, as one write block holding the value followed by erased
// bytes, so a field never needs an erase and never overlaps its neighbour (write_block ≤
// max_align is a layout rule). The magic is copied into a RAM cell before it is written: a
// `static const` source must never reach a DMA engine that cannot read MCU flash (the seed bug).
#include <cstdint>

#include "boot/trailer_layout.hpp"
#include "core/result.hpp"
#include "flash/area.hpp"

namespace norboot::boot {

using core::Result;
using core::Status;

enum class Magic : uint8_t { kGood, kUnset, kBad };
enum class Flag : uint8_t { kSet, kUnset, kBad };

/// MCUboot's swap type values (bootutil_public.h BOOT_SWAP_TYPE_*), as stored in swap_info.
enum class SwapType : uint8_t { kNone = 1, kTest = 2, kPerm = 3, kRevert = 4, kFail = 5, kPanic = 0xFF };

const char* magic_name(Magic m);
const char* flag_name(Flag f);
const char* swap_type_name(SwapType t);

struct TrailerState {
  Magic magic = Magic::kUnset;
  Flag image_ok = Flag::kUnset;
  Flag copy_done = Flag::kUnset;
  uint8_t image_ok_raw = 0xFF;
  uint8_t copy_done_raw = 0xFF;
  bool swap_info_set = false;        // the swap_info byte is not erased
  uint8_t swap_info_raw = 0xFF;
  SwapType swap_type = SwapType::kNone;  // MCUboot: erased or > REVERT decodes as NONE
  uint8_t image_num = 0;
  bool swap_size_set = false;
  uint32_t swap_size = 0;
};

/// Decodes a flag byte as MCUboot does: erased → unset, 0x01 → set, anything else → bad.
Flag decode_flag(uint8_t raw, uint8_t erased);
/// True when `raw` is what a power cut in the middle of writing 0x01 over the erased value can
/// leave: every bit that does not change in that write still has its final value. Such a flag is
/// finished by writing 0x01 again (programming ANDs, so the missing 1→0 bits land). MCUboot's
/// table reads it as "bad"; the boot core uses this to finish its own interrupted flag writes.
constexpr bool could_be_torn_set(uint8_t raw, uint8_t erased) {
  const uint8_t stable = static_cast<uint8_t>(~(erased ^ 0x01));
  return raw != 0x01 && ((raw ^ 0x01) & stable) == 0;
}

/// Decodes the 16 magic bytes for `max_align`: exact → good, all erased → unset, else bad.
Magic decode_magic(std::span<const std::byte, 16> raw, uint32_t max_align, std::byte erased);

class Trailer {
 public:
  Trailer(const flash::Area& slot, uint32_t max_align) : slot_(slot), layout_{max_align, slot.size} {}

  const TrailerLayout& layout() const { return layout_; }
  const flash::Area& slot() const { return slot_; }

  /// Reads and decodes the app-visible fields. Errors: those of Area::read.
  Result<TrailerState> read() const;

  Status write_magic() const;
  Status write_image_ok() const;
  Status write_copy_done() const;
  Status write_swap_info(SwapType type, uint8_t image_num) const;
  Status write_swap_size(uint32_t size) const;

 private:
  /// Writes `value` at `off` as one write block padded with the erased value.
  Status write_flag_cell(uint32_t off, std::span<const std::byte> value) const;

  flash::Area slot_;
  TrailerLayout layout_;
};

}  // namespace norboot::boot
