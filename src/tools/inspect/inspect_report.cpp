#include "tools/inspect/inspect_report.hpp"

#include <algorithm>

namespace norboot::tools::inspect {
namespace {

std::string error_text(const core::Error& e) {
  char buf[256];
  core::format_error(e, buf);
  return buf;
}

/// Stages of the swap a trailer's swap_size describes (what the log counts towards).
uint32_t stages_for(const FlashView& view, const boot::SlotPlan& plan, const boot::TrailerState& t) {
  if (!t.swap_size_set) return 0;
  return plan.stage_count(plan.units_for(view.area(layout::Role::kPrimary), t.swap_size));
}

/// Stretches of each device in no area of the map, as pseudo-areas "(no area)": a user flashing
/// past a slot's end leaves data there.
std::vector<layout::AreaDesc> unallocated(const InspectTarget& t, const std::vector<const layout::AreaDesc*>& areas) {
  std::vector<layout::AreaDesc> gaps;
  for (const DeviceDump* d : {&t.internal, &t.external}) {
    std::vector<std::pair<uint64_t, uint64_t>> used;
    for (const layout::AreaDesc* a : areas) {
      if (a->device == d->id) used.emplace_back(a->off, a->end());
    }
    std::sort(used.begin(), used.end());
    uint64_t at = 0;
    auto gap = [&](uint64_t end) {
      if (end <= at) return;
      layout::AreaDesc g;
      g.name = "(no area)";
      g.device = d->id;
      g.off = at;
      g.size = end - at;
      gaps.push_back(g);
    };
    for (auto [off, end] : used) {
      gap(off);
      at = std::max(at, end);
    }
    gap(d->geometry.size);
  }
  return gaps;
}

}  // namespace

const SlotReport* InspectReport::slot(layout::Role r) const {
  for (const SlotReport& s : slots) {
    if (s.area.role == r) return &s;
  }
  return nullptr;
}

InspectReport analyze(const InspectTarget& t, ImageSupport& images) {
  InspectReport r;
  r.target = &t;
  r.image_support = images.summary();
  const FlashView view(t);
  const flash::Area p = view.area(layout::Role::kPrimary);
  const flash::Area s = view.area(layout::Role::kSecondary);
  const flash::Area c = view.area(layout::Role::kScratch);
  auto plan = boot::plan_slots(t.config.strategy, p, s, c.dev != nullptr ? &c : nullptr, t.config.max_align);
  if (plan) {
    r.plan = *plan;
  } else {
    r.plan_error = error_text(plan.error());
  }
  const boot::SlotPlan* pp = r.plan ? &*r.plan : nullptr;
  std::vector<const layout::AreaDesc*> areas;
  for (const layout::AreaDesc& a : t.layout.areas) {
    if (!a.container) areas.push_back(&a);
  }
  const std::vector<layout::AreaDesc> gaps = unallocated(t, areas);
  for (const layout::AreaDesc& g : gaps) areas.push_back(&g);
  // Internal flash first, then the external chip; by offset within each.
  std::stable_sort(areas.begin(), areas.end(), [](const layout::AreaDesc* a, const layout::AreaDesc* b) {
    return std::pair(a->device != layout::kInternal, a->off) < std::pair(b->device != layout::kInternal, b->off);
  });
  for (const layout::AreaDesc* a : areas) r.slots.push_back(report_slot(view, *a, pp, images));
  const SlotReport* primary = r.slot(layout::Role::kPrimary);
  const SlotReport* secondary = r.slot(layout::Role::kSecondary);
  if (pp != nullptr && primary != nullptr && secondary != nullptr) {
    const boot::TrailerState& size_from = primary->trailer.swap_size_set ? primary->trailer : secondary->trailer;
    for (SlotReport& sr : r.slots) {
      if (sr.log) sr.log->stage_count = stages_for(view, *pp, size_from);
    }
  }
  r.next = predict_next_boot(view, pp, r.plan_error, primary, secondary, images);
  return r;
}

}  // namespace norboot::tools::inspect
