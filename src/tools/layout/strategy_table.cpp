#include "tools/layout/strategy_table.hpp"

#include <algorithm>
#include <vector>


namespace norboot::tools::layout {
namespace {

using boot::Strategy;

/// Sector boundaries of `a`'s device after its start, as sizes from that start (ascending).
std::vector<uint32_t> sizes_on_boundaries(const flash::Area& a) {
  std::vector<uint32_t> sizes;
  const flash::Geometry& g = a.geometry();
  for (uint32_t off = a.off; off < g.size;) {
    auto s = g.sector_at(off);
    if (!s) break;
    off = s->off + s->size;
    sizes.push_back(off - a.off);
  }
  return sizes;
}

std::optional<boot::SlotPlan> plan(Strategy s, const SlotAreas& a, const flash::Area& primary, const flash::Area& secondary) {
  auto p = boot::plan_slots(s, primary, secondary, a.scratch, a.max_align);
  if (!p) return std::nullopt;
  return *p;
}

/// Smallest size in `sizes` for which `good(size)` holds (good is monotone), or nullopt.
template <class Pred>
std::optional<uint32_t> smallest(const std::vector<uint32_t>& sizes, Pred good) {
  auto it = std::partition_point(sizes.begin(), sizes.end(), [&](uint32_t v) { return !good(v); });
  if (it == sizes.end()) return std::nullopt;
  return *it;
}

flash::Area resized(const flash::Area& a, uint32_t size) { return {a.dev, a.off, size, a.name}; }

/// The largest image `s` boots with this primary when the secondary may grow to its device's end.
std::optional<uint32_t> full_capacity(Strategy s, const SlotAreas& a, const flash::Area& primary,
                                      const std::vector<uint32_t>& secondary_sizes) {
  if (secondary_sizes.empty()) return std::nullopt;
  auto p = plan(s, a, primary, resized(a.secondary, secondary_sizes.back()));
  if (!p) return std::nullopt;
  return p->max_image_size;
}

/// The smallest secondary with which `s` reaches `target` bytes of image for this primary.
std::optional<uint32_t> secondary_for(Strategy s, const SlotAreas& a, const flash::Area& primary,
                                      const std::vector<uint32_t>& secondary_sizes, uint64_t target) {
  return smallest(secondary_sizes, [&](uint32_t size) {
    auto p = plan(s, a, primary, resized(a.secondary, size));
    return p && p->max_image_size >= target;
  });
}

uint32_t largest_primary_sector(const flash::Area& p) {
  uint32_t z = 0;
  for (uint32_t rel = 0; rel < p.size;) {
    auto s = p.sector_at(rel);
    if (!s) break;
    z = std::max(z, s->size);
    rel = s->off + s->size;
  }
  return z;
}

}  // namespace

std::string describe_plan_error(const core::Error& e) {
  char buf[256];
  core::format_error(e, buf);
  return buf;
}

StrategyRow plan_row(Strategy s, const SlotAreas& a) {
  StrategyRow row;
  row.strategy = s;
  auto p = boot::plan_slots(s, a.primary, a.secondary, a.scratch, a.max_align);
  row.ok = p.has_value();
  if (p) {
    row.plan = *p;
  } else {
    row.problem = describe_plan_error(p.error());
  }
  if (s == Strategy::kSwapScratch && a.primary.dev != nullptr) row.scratch_needed = largest_primary_sector(a.primary);
  if (a.primary.dev == nullptr || a.secondary.dev == nullptr) return row;
  const auto sizes = sizes_on_boundaries(a.secondary);
  if (auto full = full_capacity(s, a, a.primary, sizes)) {
    row.full_image = *full;
    row.secondary_needed = secondary_for(s, a, a.primary, sizes, *full).value_or(0);
  }
  return row;
}

std::optional<SlotsForImage> slots_for_image(Strategy s, const SlotAreas& a, uint64_t bytes) {
  if (a.primary.dev == nullptr || a.secondary.dev == nullptr) return std::nullopt;
  const auto p_sizes = sizes_on_boundaries(a.primary);
  const auto s_sizes = sizes_on_boundaries(a.secondary);
  auto primary = smallest(p_sizes, [&](uint32_t size) {
    auto cap = full_capacity(s, a, resized(a.primary, size), s_sizes);
    return cap && *cap >= bytes;
  });
  if (!primary) return std::nullopt;
  auto secondary = secondary_for(s, a, resized(a.primary, *primary), s_sizes, bytes);
  if (!secondary) return std::nullopt;
  return SlotsForImage{*primary, *secondary};
}

}  // namespace norboot::tools::layout
