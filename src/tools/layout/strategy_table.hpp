#pragma once
// What every strategy can do with a pair of slots, computed only with the boot core's own
// arithmetic (boot::plan_slots): the plan, why a strategy refuses the layout, and what it would
// need instead — the smallest secondary slot (same start) that lets it use the whole primary, the
// scratch it needs, and the slot sizes a given image would need.
#include <optional>
#include <string>

#include "boot/slot_plan.hpp"
#include "flash/area.hpp"

namespace norboot::tools::layout {

struct SlotAreas {
  flash::Area primary;
  flash::Area secondary;
  const flash::Area* scratch = nullptr;
  uint32_t max_align = 8;
};

struct StrategyRow {
  boot::Strategy strategy = boot::Strategy::kSwapPipeline;
  bool ok = false;
  std::string problem;             // plan_slots' refusal, rendered
  boot::SlotPlan plan;             // valid when ok
  uint32_t secondary_needed = 0;   // bytes: the smallest secondary that reaches the primary's full capacity (0: unknown)
  uint32_t full_image = 0;         // largest image with a secondary of that size
  uint32_t scratch_needed = 0;     // swap-scratch: bytes of scratch (the largest primary sector)
};

/// One row: plan_slots on the areas, plus what the strategy needs.
StrategyRow plan_row(boot::Strategy s, const SlotAreas& a);

struct SlotsForImage {
  uint32_t primary_size = 0;    // smallest primary (same start) that boots the image
  uint32_t secondary_size = 0;  // the secondary that primary needs
};
/// The smallest slots (same starts, within their devices) with which strategy `s` boots `bytes`;
/// nullopt when even the whole remaining device is not enough.
std::optional<SlotsForImage> slots_for_image(boot::Strategy s, const SlotAreas& a, uint64_t bytes);

/// plan_slots' error as one line.
std::string describe_plan_error(const core::Error& e);

}  // namespace norboot::tools::layout
