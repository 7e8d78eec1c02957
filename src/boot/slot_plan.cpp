#include "boot/slot_plan.hpp"

#include <algorithm>

#include "boot/trailer_layout.hpp"

namespace norboot::boot {

using core::Errc;
using core::Error;
using core::fail;
using core::Status;

uint32_t stage_count(Strategy strategy, uint32_t n) {
  if (uses(strategy, Strategy::kOverwrite)) return n;
  if (uses(strategy, Strategy::kSwapScratch) || uses(strategy, Strategy::kSwapMove)) return 3 * n;
  if (uses(strategy, Strategy::kSwapOffset)) return 2 * n;
  if (uses(strategy, Strategy::kSwapPipeline)) return n == 0 ? 0 : n + 1;
  return 0;
}

uint32_t SlotPlan::stage_count(uint32_t n) const { return boot::stage_count(strategy, n); }

Unit unit_at(const flash::Area& primary, const SlotPlan& plan, uint32_t k) {
  auto s = primary.geometry().sector(plan.first_sector + k);
  if (!s) return {};
  return {s->off - primary.off, s->size};
}

uint32_t SlotPlan::units_for(const flash::Area& primary, uint32_t bytes) const {
  uint32_t n = 0;
  while (n < unit_count) {
    Unit u = unit_at(primary, *this, n);
    if (u.off >= bytes) break;
    ++n;
  }
  return n;
}

namespace {

Status check_area(const flash::Area& a, uint32_t max_align) {
  if (a.dev == nullptr || a.size == 0) {
    return fail(Error{.code = Errc::kInvalidArgument, .what = "area is empty"}.in_area(a.name));
  }
  if (!a.is_sector_aligned()) {
    return fail(Error{.code = Errc::kMisaligned, .what = "area does not start and end on sector boundaries"}
                    .at(a.dev->name(), a.off)
                    .in_area(a.name)
                    .values(a.off, uint64_t{a.off} + a.size));
  }
  if (a.write_block() > max_align) {
    return fail(Error{.code = Errc::kUnsupported, .what = "device write block larger than the trailer max align"}
                    .at(a.dev->name(), a.off)
                    .in_area(a.name)
                    .values(max_align, a.write_block()));
  }
  return core::ok();
}

/// Area offset of the first of the trailing sectors that hold `bytes` at the end of `a`.
uint32_t trailer_start(const flash::Area& a, uint32_t bytes) {
  uint32_t start = a.size;
  while (a.size - start < bytes && start > 0) {
    auto s = a.sector_at(start - 1);
    start = s->off;
  }
  return start;
}

bool s_boundary(const flash::Area& s, uint32_t rel) { return rel <= s.size && s.geometry().is_sector_boundary(s.off + rel); }

/// Slack the offset strategies need between the secondary's start and the new image.
uint32_t slack_for(Strategy strategy, const flash::Area& primary, const SlotPlan& plan, uint32_t units) {
  uint32_t slack = 0;
  for (uint32_t k = 0; k < units; ++k) {
    const uint32_t z = unit_at(primary, plan, k).size;
    const uint32_t z_next = k + 1 < units ? unit_at(primary, plan, k + 1).size : 0;
    slack = std::max(slack, uses(strategy, Strategy::kSwapPipeline) ? z + std::max(z_next, z) : z);
  }
  return slack;
}

}  // namespace

namespace {

/// Sizes the primary trailer: the fewest trailing sectors that hold the progress log for the
/// units left below them plus the app-visible fields.
void size_primary_trailer(const flash::Area& primary, SlotPlan& plan, uint32_t spare_units) {
  const uint32_t n = primary.sector_count();
  for (uint32_t t = 1; t < n; ++t) {
    const uint32_t trailer_off = unit_at(primary, plan, n - t).off;
    const uint32_t units = n - t > spare_units ? n - t - spare_units : 0;
    const uint32_t records = stage_count(plan.strategy, units) + kSpareRecords;
    const uint32_t bytes = records * plan.record_size + trailer_info_size(plan.max_align);
    plan.primary_trailer_off = trailer_off;
    plan.unit_count = units;
    plan.status_records = records;
    if (bytes <= primary.size - trailer_off) return;
  }
  plan.unit_count = 0;
}

/// Checks that unit k's regions in the secondary (at +0 and at +slack) are erasable on their own.
Status check_unit_in_secondary(const flash::Area& s, Unit u, uint32_t shift) {
  if (s_boundary(s, shift + u.off) && s_boundary(s, shift + u.off + u.size)) return core::ok();
  return fail(Error{.code = Errc::kMisaligned,
                    .what = "a primary sector does not map onto whole secondary sectors (secondary erase unit too large?)"}
                  .at(s.dev->name(), s.off + shift + u.off)
                  .in_area(s.name)
                  .values(u.size, s.sector_at(std::min(shift + u.off, s.size - 1))->size));
}

Status check_scratch(const flash::Area* scratch, Unit u) {
  if (scratch == nullptr) {
    return fail(Error{.code = Errc::kNotFound, .what = "swap-scratch needs a scratch area"});
  }
  if (u.size > scratch->size || !s_boundary(*scratch, u.size)) {
    return fail(Error{.code = Errc::kTooLarge, .what = "scratch area cannot hold a primary sector"}
                    .at(scratch->dev->name(), scratch->off)
                    .in_area(scratch->name)
                    .values(u.size, scratch->size));
  }
  return core::ok();
}

/// How many units the secondary (and scratch) can take part in; errors on geometry mismatches.
Result<uint32_t> fit_units(const flash::Area& primary, const flash::Area& s, const flash::Area* scratch,
                           const SlotPlan& plan) {
  const bool shifted = uses(plan.strategy, Strategy::kSwapOffset) || uses(plan.strategy, Strategy::kSwapPipeline);
  uint32_t n = 0;
  for (; n < plan.unit_count; ++n) {
    const Unit u = unit_at(primary, plan, n);
    if (plan.secondary_offset + u.off + u.size > plan.secondary_trailer_off) break;
    NB_TRY(check_unit_in_secondary(s, u, 0));
    if (shifted) NB_TRY(check_unit_in_secondary(s, u, plan.secondary_offset));
    if (uses(plan.strategy, Strategy::kSwapScratch)) NB_TRY(check_scratch(scratch, u));
  }
  return n;
}

Status check_equal_units(const flash::Area& primary, const SlotPlan& plan) {
  const uint32_t n = primary.sector_count();
  const uint32_t z0 = unit_at(primary, plan, 0).size;
  for (uint32_t k = 1; k < n; ++k) {
    const Unit u = unit_at(primary, plan, k);
    if (u.size != z0) {
      return fail(Error{.code = Errc::kUnsupported, .what = "swap-move needs equal-size sectors in the primary slot"}
                      .at(primary.dev->name(), primary.off + u.off)
                      .in_area(primary.name)
                      .values(z0, u.size));
    }
  }
  return core::ok();
}

}  // namespace

Result<SlotPlan> plan_slots(Strategy strategy, const flash::Area& primary, const flash::Area& secondary,
                            const flash::Area* scratch, uint32_t max_align) {
  if (!strategy_built(strategy)) {
    return fail(Error{.code = Errc::kUnsupported, .what = "strategy not built into this image (NORBOOT_STRATEGIES)"}.values(
        kBuiltStrategies, 1u << static_cast<unsigned>(strategy)));
  }
  if (max_align != 8 && max_align != 16 && max_align != 32) {
    return fail(Error{.code = Errc::kInvalidArgument, .what = "max align must be 8, 16 or 32"}.values(8, max_align));
  }
  NB_TRY(check_area(primary, max_align));
  NB_TRY(check_area(secondary, max_align));
  if (primary.overlaps(secondary)) {
    return fail(Error{.code = Errc::kInvalidArgument, .what = "primary and secondary slots overlap"}
                    .at(primary.dev->name(), secondary.off)
                    .in_area(primary.name));
  }
  SlotPlan plan;
  plan.strategy = strategy;
  plan.max_align = max_align;
  plan.record_size = std::max<uint32_t>({8, primary.write_block(), secondary.write_block()});
  plan.first_sector = primary.geometry().sector_at(primary.off)->index;
  if (uses(strategy, Strategy::kSwapMove)) NB_TRY(check_equal_units(primary, plan));
  size_primary_trailer(primary, plan, uses(strategy, Strategy::kSwapMove) ? 1 : 0);
  if (plan.unit_count == 0) {
    return fail(Error{.code = Errc::kTooLarge, .what = "primary slot has no room for an image beside its trailer"}
                    .at(primary.dev->name(), primary.off)
                    .in_area(primary.name)
                    .values(2, primary.sector_count()));
  }
  const uint32_t s_bytes = plan.status_records * plan.record_size + trailer_info_size(max_align);
  plan.secondary_trailer_off = trailer_start(secondary, s_bytes);
  const bool shifted = uses(strategy, Strategy::kSwapOffset) || uses(strategy, Strategy::kSwapPipeline);
  if (shifted) plan.secondary_offset = slack_for(strategy, primary, plan, plan.unit_count);
  if (uses(strategy, Strategy::kOverwrite)) {
    // Only the image bytes travel: the secondary needs no unit alignment.
    const Unit last = unit_at(primary, plan, plan.unit_count - 1);
    plan.max_image_size = std::min(last.off + last.size, plan.secondary_trailer_off);
    return plan;
  }
  plan.unit_count = NB_TRY(fit_units(primary, secondary, scratch, plan));
  if (plan.unit_count == 0) {
    return fail(Error{.code = Errc::kTooLarge, .what = "secondary slot too small to hold one primary sector"}
                    .at(secondary.dev->name(), secondary.off)
                    .in_area(secondary.name)
                    .values(plan.secondary_offset + unit_at(primary, plan, 0).size, plan.secondary_trailer_off));
  }
  const Unit last = unit_at(primary, plan, plan.unit_count - 1);
  plan.max_image_size = last.off + last.size;
  return plan;
}

}  // namespace norboot::boot
