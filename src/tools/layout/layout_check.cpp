#include "tools/layout/layout_check.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "boot/bootloader.hpp"
#include "tools/layout/area_checks.hpp"
#include "tools/layout/map_compare.hpp"

namespace norboot::tools::layout {
namespace {

using boot::Strategy;

const sim::BoardSpec* preset(std::string_view name) {
  for (const sim::BoardSpec& b : sim::kBoards) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

/// The map a build uses goes first: pm_static.yml, else the devicetree, else board.json.
void order_by_precedence(std::vector<LayoutDesc>& layouts) {
  auto rank = [](const LayoutDesc& l) {
    return l.kind == SourceKind::kPmStatic ? 0 : l.kind == SourceKind::kDevicetree ? 1 : 2;
  };
  std::stable_sort(layouts.begin(), layouts.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
}

const sim::BoardSpec* pick_board(const CheckOptions& opt, const std::vector<LayoutDesc>& layouts, Findings& out) {
  if (opt.board != nullptr) return opt.board;
  for (const LayoutDesc& l : layouts) {
    if (!l.board) continue;
    if (const sim::BoardSpec* b = preset(*l.board)) return b;
    out.error("unknown_board", fmt::format("{} names board preset \"{}\", which norboot does not know", l.file, *l.board),
              {l.file, "board", 0});
  }
  return nullptr;
}

void pick_strategy(const CheckOptions& opt, const LayoutDesc& l, const sim::BoardSpec* board, CheckReport& r) {
  if (opt.strategy) {
    r.strategy = *opt.strategy;
    r.strategy_from = "--strategy";
  } else if (l.strategy) {
    r.strategy = *l.strategy;
    r.strategy_from = l.file;
  } else if (board != nullptr) {
    r.strategy = board->default_strategy;
    r.strategy_from = fmt::format("default of board preset {}", board->name);
  } else {
    r.strategy = boot::BootConfig{}.strategy;
    r.strategy_from = "norboot default";
  }
}

/// Structural checks of one map into `out`.
Findings check_structure(const LayoutDesc& l, const DeviceSet& devs, Strategy s) {
  Findings f;
  for (const std::string& w : l.warnings) f.warning("reader", w, {l.file, "", 0});
  for (const std::string& n : l.notes) f.note("reader", n, {l.file, "", 0});
  check_needed_areas(l, s == Strategy::kSwapScratch, f);
  check_bounds(l, devs, f);
  check_alignment(l, devs, f);
  check_overlaps(l, f);
  return f;
}

std::string mcuboot_rule(Strategy s, uint32_t np, uint32_t ns) {
  if (s == Strategy::kSwapMove && np != ns && np != ns + 1) {
    return fmt::format("; MCUboot's own swap-move would refuse every upgrade (slot sector counts {} and {}: it needs "
                       "equal counts or one more in the primary)",
                       np, ns);
  }
  if (s == Strategy::kSwapScratch && np != ns) {
    return fmt::format("; MCUboot's own swap-scratch would refuse every upgrade (slot sector counts {} and {} differ)", np, ns);
  }
  return {};
}

void judge_secondary(const StrategyRow& row, const SlotAreas& a, const AreaDesc& p, const AreaDesc& s,
                     Findings& out) {
  const std::string name(boot::strategy_name(row.strategy));
  if (row.secondary_needed != 0 && a.secondary.size < row.secondary_needed) {
    out.warning("secondary_too_small",
                fmt::format("{} (0x{:x}) is smaller than {} needs beside {} (0x{:x}): the largest image is {} bytes "
                            "instead of {}",
                            s.display(), s.size, name, p.display(), row.secondary_needed, row.plan.max_image_size, row.full_image),
                s.from, fmt::format("grow {} to 0x{:x} bytes", s.display(), row.secondary_needed));
    return;
  }
  const uint32_t ns = a.secondary.sector_count();
  const uint32_t np = a.primary.sector_count();
  std::string mcuboot = mcuboot_rule(row.strategy, np, ns);
  if (row.secondary_needed != 0 && a.secondary.size > row.secondary_needed) {
    out.warning("slot_size_mismatch",
                fmt::format("{} (0x{:x}) and {} (0x{:x}) differ: {} uses 0x{:x} bytes of {}; the other 0x{:x} are never "
                            "written{}",
                            p.display(), p.size, s.display(), s.size, name, row.secondary_needed, s.display(),
                            a.secondary.size - row.secondary_needed, mcuboot),
                s.from, fmt::format("size {} 0x{:x} for {}", s.display(), row.secondary_needed, name));
  } else if (!mcuboot.empty()) {
    out.warning("mcuboot_incompatible", fmt::format("{} and {}{}", p.display(), s.display(), mcuboot), s.from);
  }
}

void judge_scratch(const StrategyRow& row, const AreaDesc* scratch, Findings& out) {
  if (scratch == nullptr) return;
  if (row.strategy != Strategy::kSwapScratch) {
    out.note("scratch_unused", fmt::format("{} ({} bytes) is not used by {}", scratch->display(), scratch->size,
                                           boot::strategy_name(row.strategy)),
             scratch->from);
  } else if (row.scratch_needed != 0 && scratch->size > row.scratch_needed) {
    out.warning("scratch_too_large",
                fmt::format("{} is 0x{:x} bytes; swap-scratch needs 0x{:x} (the largest primary sector)", scratch->display(),
                            scratch->size, row.scratch_needed),
                scratch->from);
  }
}

/// What the chosen strategy says about the slots.
void judge_chosen(CheckReport& r, const SlotAreas& a, const LayoutDesc& l) {
  const StrategyRow* row = r.chosen();
  const AreaDesc& p = *l.find(Role::kPrimary);
  const AreaDesc& s = *l.find(Role::kSecondary);
  const std::string name(boot::strategy_name(r.strategy));
  if (!row->ok) {
    std::string works;
    for (const StrategyRow& o : r.strategies) {
      if (o.ok) works += fmt::format("{}{} (largest image {} bytes)", works.empty() ? "" : ", ", boot::strategy_name(o.strategy),
                                     o.plan.max_image_size);
    }
    r.findings.error("strategy_refuses", fmt::format("{} cannot use these slots: {}", name, row->problem), p.from,
                     works.empty() ? "no strategy can use these slots" : "strategies that can: " + works);
    return;
  }
  const uint32_t trailer = a.primary.size - row->plan.primary_trailer_off;
  r.findings.note("largest_image",
                  fmt::format("with {} the largest bootable image is {} bytes (0x{:x}): {} sectors of {}; its trailer takes "
                              "the last 0x{:x} bytes ({} progress records + {} bytes of MCUboot fields at max-align {})",
                              name, row->plan.max_image_size, row->plan.max_image_size, row->plan.unit_count, p.display(),
                              trailer, row->plan.status_records, boot::trailer_info_size(r.max_align), r.max_align),
                  p.from);
  judge_secondary(*row, a, p, s, r.findings);
  judge_scratch(*row, l.find(Role::kScratch), r.findings);
}

void judge_image(CheckReport& r, const SlotAreas& a, const LayoutDesc& l) {
  if (!r.image) return;
  const ImageInput& img = *r.image;
  const StrategyRow* row = r.chosen();
  if (row == nullptr || !row->ok) return;
  const AreaDesc& p = *l.find(Role::kPrimary);
  const AreaDesc& s = *l.find(Role::kSecondary);
  const std::string name(boot::strategy_name(r.strategy));
  const uint32_t limit = row->plan.max_image_size;
  if (img.size <= limit) {
    r.findings.note("image_fits", fmt::format("{} is {} bytes ({}): fits, {} bytes to spare with {}", img.name, img.size,
                                              img.measured_by, limit - img.size, name),
                    p.from);
    return;
  }
  r.image_needs = slots_for_image(r.strategy, a, img.size);
  const std::string differ =
      p.size != s.size ? fmt::format("{} (0x{:x}) and {} (0x{:x}) differ; ", p.display(), p.size, s.display(), s.size) : "";
  std::string hint = fmt::format("the image is {} bytes too large for {}", img.size - limit, p.display());
  if (r.image_needs) {
    hint += fmt::format("; {} needs {} ≥ 0x{:x} bytes and {} ≥ 0x{:x} bytes for it", name, p.display(),
                        r.image_needs->primary_size, s.display(), r.image_needs->secondary_size);
  } else {
    hint += "; it cannot fit this board's internal flash from that start";
  }
  r.findings.error("image_too_large",
                   fmt::format("{}with {} the largest bootable image is {} bytes; {} is {} bytes ({})", differ, name, limit,
                               img.name, img.size, img.measured_by),
                   p.from, hint);
}

void plan_strategies(CheckReport& r, const LayoutDesc& l) {
  const AreaDesc* p = l.find(Role::kPrimary);
  const AreaDesc* s = l.find(Role::kSecondary);
  if (p == nullptr || s == nullptr) return;
  SlotAreas a;
  a.primary = area_on(r.devices, *p);
  a.secondary = area_on(r.devices, *s);
  a.max_align = r.max_align;
  flash::Area scratch;
  if (const AreaDesc* c = l.find(Role::kScratch)) scratch = area_on(r.devices, *c);
  if (scratch.dev != nullptr) a.scratch = &scratch;
  if (a.primary.dev == nullptr || a.secondary.dev == nullptr) return;  // bounds errors already say why
  for (const boot::StrategyInfo& info : boot::kStrategyTable) r.strategies.push_back(plan_row(info.strategy, a));
  judge_chosen(r, a, l);
  judge_image(r, a, l);
}

}  // namespace

const StrategyRow* CheckReport::chosen() const {
  for (const StrategyRow& row : strategies) {
    if (row.strategy == strategy) return &row;
  }
  return nullptr;
}

CheckReport check_layouts(std::vector<LayoutDesc> layouts, const CheckOptions& opt) {
  CheckReport r;
  if (layouts.empty()) layouts.push_back(LayoutDesc{});  // nothing read: checked as an empty map (missing slots)
  order_by_precedence(layouts);
  r.layouts = std::move(layouts);
  const sim::BoardSpec* board = pick_board(opt, r.layouts, r.findings);
  if (board != nullptr) r.board = std::string(board->name);
  LayoutDesc& l = r.layouts.front();
  if (l.areas.empty() && board != nullptr && l.kind == SourceKind::kBoardJson) {
    l.areas = preset_layout(*board).areas;
    l.notes.push_back(fmt::format("no layout in {}: using the default layout of board preset {}", l.file, board->name));
  }
  pick_strategy(opt, l, board, r);
  r.image = opt.image;
  r.max_align = opt.max_align.value_or(l.max_align.value_or(8));
  if (r.max_align != 8 && r.max_align != 16 && r.max_align != 32) {
    r.findings.error("max_align", fmt::format("max-align {} is not 8, 16 or 32", r.max_align), {l.file, "max_align", 0});
    r.max_align = 8;
  }
  const LayoutDesc* dt = nullptr;
  for (const LayoutDesc& other : r.layouts) {
    if (other.kind == SourceKind::kDevicetree) dt = &other;
  }
  r.devices = resolve_devices(l, board, dt != &l ? dt : nullptr, r.findings);
  const Findings structure = check_structure(l, r.devices, r.strategy);
  const bool bounded = !structure.has("outside_device") && !r.findings.has("device_unknown");
  r.findings.merge(structure, false, "");
  for (size_t i = 1; i < r.layouts.size(); ++i) {
    Findings f;
    const DeviceSet devs = resolve_devices(r.layouts[i], board, &l, f);
    f.merge(check_structure(r.layouts[i], devs, r.strategy), false, "");
    const bool ignored = l.kind == SourceKind::kPmStatic;
    r.findings.merge(f, ignored, "a Partition Manager build ignores this map");
  }
  if (bounded) plan_strategies(r, l);
  if (dt != nullptr && l.kind == SourceKind::kPmStatic) compare_maps(*dt, l, r.findings);
  note_free_space(l, r.devices, r.findings);
  return r;
}

}  // namespace norboot::tools::layout
