#include "tools/layout/area_checks.hpp"

#include <algorithm>

#include <fmt/core.h>

namespace norboot::tools::layout {
namespace {

bool is_slot(const AreaDesc& a) { return a.role != Role::kOther; }

/// True when `inner` lies inside a container area of the same map.
bool inside_container(const LayoutDesc& l, const AreaDesc& inner) {
  return std::any_of(l.areas.begin(), l.areas.end(), [&](const AreaDesc& c) {
    return c.container && &c != &inner && c.device == inner.device && c.off <= inner.off && inner.end() <= c.end();
  });
}

std::string missing_hint(const LayoutDesc& l, Role r) {
  switch (l.kind) {
    case SourceKind::kDevicetree:
      return fmt::format("label the partition node {}_partition (Zephyr's MCUboot finds slots by node label)",
                         r == Role::kPrimary ? "slot0" : r == Role::kSecondary ? "slot1" : r == Role::kBoot ? "boot" : "scratch");
    case SourceKind::kPmStatic:
      return fmt::format("add a mcuboot{} entry", r == Role::kBoot ? "" : "_" + std::string(role_name(r)));
    case SourceKind::kBoardJson:
      return fmt::format("add an area named \"{}\"", role_name(r));
  }
  return {};
}

void boundary(const AreaDesc& a, const ResolvedDevice& d, uint64_t at, const char* which, Findings& out) {
  if (d.geometry.is_sector_boundary(static_cast<uint32_t>(at))) return;
  auto s = d.geometry.sector_at(static_cast<uint32_t>(at));
  const std::string msg =
      fmt::format("{} {}s at 0x{:06x}, inside the {} sector 0x{:06x}..0x{:06x}: erasing it would erase a neighbour too",
                  a.display(), which, at, d.name, s ? s->off : 0, s ? s->off + s->size : 0);
  const std::string hint = fmt::format("align it to 0x{:x} (the sector size there)", s ? s->size : 0);
  if (is_slot(a)) {
    out.error("misaligned", msg, a.from, hint);
  } else {
    out.warning("misaligned", msg, a.from, hint);
  }
}

}  // namespace

std::string span_text(uint64_t off, uint64_t size) { return fmt::format("0x{:06x}..0x{:06x}", off, off + size); }

void check_needed_areas(const LayoutDesc& l, bool needs_scratch, Findings& out) {
  const Origin file{l.file, "", 0};
  for (Role r : {Role::kPrimary, Role::kSecondary}) {
    if (l.find(r) == nullptr) out.error("missing_area", fmt::format("no {} slot in {}", role_name(r), l.file), file, missing_hint(l, r));
  }
  if (l.find(Role::kBoot) == nullptr) {
    out.warning("missing_area", fmt::format("no boot partition in {}: where does the bootloader live?", l.file), file,
                missing_hint(l, Role::kBoot));
  }
  if (needs_scratch && l.find(Role::kScratch) == nullptr) {
    out.error("missing_area", fmt::format("swap-scratch needs a scratch area and {} has none", l.file), file,
              missing_hint(l, Role::kScratch));
  }
  for (Role r : {Role::kBoot, Role::kPrimary, Role::kSecondary, Role::kScratch}) {
    const AreaDesc* first = l.find(r);
    for (const AreaDesc& a : l.areas) {
      if (a.role == r && &a != first) {
        out.error("duplicate_area", fmt::format("{} is a second {} area (the first is {})", a.display(), role_name(r), first->display()),
                  a.from);
      }
    }
  }
  if (const AreaDesc* p = l.find(Role::kPrimary); p != nullptr && p->device != kInternal) {
    out.warning("primary_not_internal", fmt::format("{} is on the {} flash: the image runs from the primary slot", p->display(), p->device),
                p->from);
  }
}

void check_bounds(const LayoutDesc& l, const DeviceSet& devs, Findings& out) {
  for (const AreaDesc& a : l.areas) {
    const ResolvedDevice* d = devs.find(a.device);
    if (a.size == 0) out.error("empty_area", fmt::format("{} has size 0", a.display()), a.from);
    if (d == nullptr || a.end() <= d->geometry.size) continue;
    std::string hint;
    const DeviceDesc* dd = l.device(a.device);
    if (dd != nullptr && dd->size_in_bits && dd->size == d->geometry.size && a.end() <= *dd->size * 8) {
      hint = fmt::format("jedec,spi-nor `size` is in bits: size = <0x{:x}> is 0x{:x} bytes; for 0x{:x} bytes write <0x{:x}>",
                         *dd->size * 8, *dd->size, *dd->size * 8, *dd->size * 64);
    }
    out.error("outside_device",
              fmt::format("{} ({}) ends at 0x{:x}, past the end of the {} flash ({}, 0x{:x} bytes)", a.display(),
                          span_text(a.off, a.size), a.end(), a.device, d->name, d->geometry.size),
              a.from, hint);
  }
}

void check_alignment(const LayoutDesc& l, const DeviceSet& devs, Findings& out) {
  for (const AreaDesc& a : l.areas) {
    const ResolvedDevice* d = devs.find(a.device);
    if (d == nullptr || a.size == 0 || a.end() > d->geometry.size) continue;
    if (!is_slot(a) && inside_container(l, a)) continue;
    boundary(a, *d, a.off, "start", out);
    boundary(a, *d, a.end(), "end", out);
  }
}

void check_overlaps(const LayoutDesc& l, Findings& out) {
  for (size_t i = 0; i < l.areas.size(); ++i) {
    for (size_t j = i + 1; j < l.areas.size(); ++j) {
      const AreaDesc& a = l.areas[i];
      const AreaDesc& b = l.areas[j];
      if (a.device != b.device || a.size == 0 || b.size == 0 || a.off >= b.end() || b.off >= a.end()) continue;
      const bool a_holds_b = a.off <= b.off && b.end() <= a.end();
      const bool b_holds_a = b.off <= a.off && a.end() <= b.end();
      if ((a.container && a_holds_b) || (b.container && b_holds_a)) continue;
      const uint64_t shared = std::min(a.end(), b.end()) - std::max(a.off, b.off);
      const std::string msg = fmt::format("{} ({}) and {} ({}) overlap by 0x{:x} bytes on the {} flash", a.display(),
                                          span_text(a.off, a.size), b.display(), span_text(b.off, b.size), shared, a.device);
      if (is_slot(a) || is_slot(b) || !(a_holds_b || b_holds_a)) {
        out.error("overlap", msg, b.from);
      } else {
        out.warning("overlap", msg, b.from);
      }
    }
  }
}

void note_free_space(const LayoutDesc& l, const DeviceSet& devs, Findings& out) {
  for (const ResolvedDevice& d : devs.all()) {
    std::vector<std::pair<uint64_t, uint64_t>> used;
    for (const AreaDesc& a : l.areas) {
      if (a.device == d.id && !a.container && a.size > 0) used.emplace_back(a.off, std::min<uint64_t>(a.end(), d.geometry.size));
    }
    std::sort(used.begin(), used.end());
    uint64_t at = 0;
    auto gap = [&](uint64_t end) {
      const uint32_t sector = d.geometry.sector_at(static_cast<uint32_t>(std::min<uint64_t>(at, d.geometry.size - 1)))->size;
      if (end <= at || end - at < sector) return;
      const AreaDesc* p = l.find(Role::kPrimary);
      const bool after_primary = p != nullptr && p->device == d.id && p->end() == at;
      out.note("free_space",
               fmt::format("{} flash {} (0x{:x} bytes) is in no area{}", d.id, span_text(at, end - at), end - at,
                           after_primary ? fmt::format("; {} could grow into it", p->display()) : ""),
               {l.file, "", 0});
    };
    for (auto [off, end] : used) {
      gap(off);
      at = std::max(at, end);
    }
    gap(d.geometry.size);
  }
}

}  // namespace norboot::tools::layout
