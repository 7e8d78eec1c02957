#pragma once
// SlotPlan: what a strategy can do with a given pair of slots — computed once, with the same
// arithmetic the bootloader, `norboot layout check`, `imgtool sign -S` and the SMP agent use.
//
// Units are the primary slot's sectors. The primary's last sectors hold its trailer: norboot's
// progress records (an upgrade's log) below MCUboot's app-visible fields; the secondary's last
// sectors hold its trailer (a revert's log + the app-visible fields). An image never shares a
// sector with a trailer, so erasing a trailer never touches an image.
//
// Per strategy (p_k, z_k = offset and size of primary unit k; S = secondary):
//   overwrite      new image at S+0; no revert; any geometry.
//   swap-scratch   new image at S+0; scratch ≥ largest unit; three copies per unit.
//   swap-move      new image at S+0; equal-size units; one spare unit at the top of the primary.
//   swap-offset    new image at S+slack, slack ≥ max z_k (one sector on uniform flash).
//   swap-pipeline  new image at S+slack, slack ≥ max (z_k + z_{k+1}) (two sectors on uniform flash),
//                  so the external chip can save unit k+1 while the internal flash installs unit k.
// Every unit boundary, shifted by 0 and by slack, must be a sector boundary of S (S is erased in
// units), and the image region must end before S's trailer.
#include <cstdint>

#include "boot/strategy.hpp"
#include "core/result.hpp"
#include "flash/area.hpp"

namespace norboot::boot {

using core::Result;

inline constexpr uint32_t kSpareRecords = 32;  // progress-log slots for records torn by power cuts

struct Unit {
  uint32_t off = 0;   // primary-relative
  uint32_t size = 0;
};

struct SlotPlan {
  Strategy strategy = Strategy::kSwapPipeline;
  uint32_t max_align = 8;
  uint32_t record_size = 8;          // bytes per progress record (max(8, write block))
  uint32_t status_records = 0;       // capacity of each progress log
  uint32_t primary_trailer_off = 0;  // first byte of the primary's trailer sectors
  uint32_t secondary_trailer_off = 0;
  uint32_t secondary_offset = 0;     // where a new image starts in the secondary ("slack")
  uint32_t unit_count = 0;           // primary units a swap may cover
  uint32_t max_image_size = 0;       // largest header + image + TLVs the strategy boots
  uint32_t first_sector = 0;         // device index of the primary's first sector

  /// Stages a swap of n units takes (one progress record each).
  uint32_t stage_count(uint32_t n) const;
  /// Units needed to hold `bytes` from the primary's start (0 when bytes == 0).
  uint32_t units_for(const flash::Area& primary, uint32_t bytes) const;
};

/// Primary unit k (a device sector), primary-relative.
Unit unit_at(const flash::Area& primary, const SlotPlan& plan, uint32_t k);

/// Stages of `strategy` for n units (overwrite n, scratch 3n, move 3n, offset 2n, pipeline n+1).
uint32_t stage_count(Strategy strategy, uint32_t n);

/// Computes the plan or explains why the layout cannot support the strategy (kInvalidArgument,
/// kMisaligned, kTooLarge, kUnsupported), naming the area and the numbers.
Result<SlotPlan> plan_slots(Strategy strategy, const flash::Area& primary, const flash::Area& secondary,
                            const flash::Area* scratch, uint32_t max_align);

}  // namespace norboot::boot
