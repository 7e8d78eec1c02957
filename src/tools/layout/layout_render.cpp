#include "tools/layout/layout_render.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "tools/layout/area_checks.hpp"

namespace norboot::tools::layout {
namespace {

using nlohmann::json;

std::string hex(uint64_t v) { return fmt::format("0x{:08x}", v); }

std::string device_map(const CheckReport& r, const ResolvedDevice& d) {
  const flash::Geometry& g = d.geometry;
  std::string s = fmt::format("  {:<9} {}: 0x{:x} bytes, sectors {}, write block {}  [{}]\n", d.id, d.name, g.size,
                              sectors_text(g), g.write_block, d.source);
  std::vector<const AreaDesc*> areas;
  for (const AreaDesc& a : r.effective().areas) {
    if (a.device == d.id) areas.push_back(&a);
  }
  std::stable_sort(areas.begin(), areas.end(), [](const AreaDesc* a, const AreaDesc* b) { return a->off < b->off; });
  uint64_t at = 0;
  for (const AreaDesc* a : areas) {
    if (a->off > at && !a->container) s += fmt::format("    {}  {:<34} {:<9} {:>10}\n", span_text(at, a->off - at), "(free)", "", human_size(a->off - at));
    const std::string shown = a->label.empty() || a->label == a->name ? a->name : a->name + " \"" + a->label + "\"";
    s += fmt::format("    {}  {:<34} {:<9} {:>10}{}\n", span_text(a->off, a->size), shown,
                     a->role == Role::kOther ? "" : std::string(role_name(a->role)), human_size(a->size),
                     a->container ? "  (spans others)" : "");
    if (!a->container) at = std::max(at, a->end());
  }
  if (at < g.size) s += fmt::format("    {}  {:<34} {:<9} {:>10}\n", span_text(at, g.size - at), "(free)", "", human_size(g.size - at));
  return s;
}

std::string strategy_table(const CheckReport& r) {
  std::string s = fmt::format("  {:<15} {:>14} {:>6} {:>7} {:>12} {:>18}  {}\n", "strategy", "largest image", "units", "stages",
                              "image at", "secondary needed", r.image ? "image fits" : "");
  for (const StrategyRow& row : r.strategies) {
    const char* mark = row.strategy == r.strategy ? "*" : " ";
    const std::string name(boot::strategy_name(row.strategy));
    if (!row.ok) {
      s += fmt::format("{} {:<15} refuses: {}\n", mark, name, row.problem);
      continue;
    }
    std::string fits;
    if (r.image) fits = r.image->size <= row.plan.max_image_size ? "yes" : "no";
    const std::string needed = row.secondary_needed ? fmt::format("0x{:x}", row.secondary_needed) : "?";
    s += fmt::format("{} {:<15} {:>14} {:>6} {:>7} {:>12} {:>18}  {}\n", mark, name, row.plan.max_image_size,
                     row.plan.unit_count, row.plan.stage_count(row.plan.unit_count),
                     fmt::format("+0x{:x}", row.plan.secondary_offset), needed, fits);
  }
  return s;
}

json finding_json(const Finding& f) {
  json j{{"severity", std::string(severity_name(f.severity))}, {"code", f.code}, {"message", f.message}};
  j["file"] = f.where.file.empty() ? json(nullptr) : json(f.where.file);
  j["where"] = f.where.where.empty() ? json(nullptr) : json(f.where.where);
  j["line"] = f.where.line > 0 ? json(f.where.line) : json(nullptr);
  j["hint"] = f.hint.empty() ? json(nullptr) : json(f.hint);
  return j;
}

json area_json(const AreaDesc& a) {
  return {{"name", a.name},         {"label", a.label.empty() ? json(nullptr) : json(a.label)},
          {"role", std::string(role_name(a.role))}, {"device", a.device},
          {"offset", hex(a.off)},   {"size_bytes", a.size},
          {"container", a.container}, {"from", a.from.describe()}};
}

json row_json(const StrategyRow& row, const CheckReport& r) {
  json j{{"strategy", std::string(boot::strategy_name(row.strategy))}, {"ok", row.ok}};
  j["problem"] = row.ok ? json(nullptr) : json(row.problem);
  j["max_image_bytes"] = row.ok ? json(row.plan.max_image_size) : json(nullptr);
  j["units"] = row.ok ? json(row.plan.unit_count) : json(nullptr);
  j["stages"] = row.ok ? json(row.plan.stage_count(row.plan.unit_count)) : json(nullptr);
  j["secondary_image_offset"] = row.ok ? json(hex(row.plan.secondary_offset)) : json(nullptr);
  j["primary_trailer_offset"] = row.ok ? json(hex(row.plan.primary_trailer_off)) : json(nullptr);
  j["secondary_needed_bytes"] = row.secondary_needed ? json(row.secondary_needed) : json(nullptr);
  j["full_image_bytes"] = row.full_image ? json(row.full_image) : json(nullptr);
  j["scratch_needed_bytes"] = row.scratch_needed ? json(row.scratch_needed) : json(nullptr);
  j["image_fits"] = r.image && row.ok ? json(r.image->size <= row.plan.max_image_size) : json(nullptr);
  return j;
}

}  // namespace

std::string human_size(uint64_t b) {
  if (b >= 1024 * 1024 && b % (1024 * 1024) == 0) return fmt::format("{} MiB", b / (1024 * 1024));
  if (b >= 1024 && b % 1024 == 0) return fmt::format("{} KiB", b / 1024);
  if (b >= 1024) return fmt::format("{:.1f} KiB", static_cast<double>(b) / 1024.0);
  return fmt::format("{} B", b);
}

std::string sectors_text(const flash::Geometry& g) {
  std::string s;
  for (size_t i = 0; i < g.run_count; ++i) s += fmt::format("{}{} × 0x{:x}", i ? " + " : "", g.runs[i].count, g.runs[i].size);
  return s;
}

std::string render_report_text(const CheckReport& r) {
  std::string s;
  for (const LayoutDesc& l : r.layouts) {
    s += fmt::format("{}: {}{}\n", source_kind_name(l.kind), l.file,
                     &l == &r.effective() ? (r.layouts.size() > 1 ? "  (the map a build uses; checked below)" : "") : "");
  }
  s += fmt::format("board {} · strategy {} ({}) · max-align {}\n", r.board.empty() ? "(none)" : r.board,
                   boot::strategy_name(r.strategy), r.strategy_from, r.max_align);
  for (const ResolvedDevice& d : r.devices.all()) s += device_map(r, d);
  if (!r.strategies.empty()) s += strategy_table(r);
  if (r.image) s += fmt::format("image: {}: {} bytes ({})\n", r.image->name, r.image->size, r.image->measured_by);
  const size_t errors = r.findings.count(Severity::kError), warnings = r.findings.count(Severity::kWarning);
  s += fmt::format("result: {} — {} error{}, {} warning{}\n", errors ? "refused" : "ok", errors, errors == 1 ? "" : "s",
                   warnings, warnings == 1 ? "" : "s");
  return s;
}

std::string render_findings_text(const Findings& f, bool include_notes) {
  std::string s;
  for (Severity sev : {Severity::kError, Severity::kWarning, Severity::kNote}) {
    if (sev == Severity::kNote && !include_notes) continue;
    for (const Finding& x : f.all()) {
      if (x.severity != sev) continue;
      const std::string where = x.where.describe();
      s += fmt::format("{}: {}{}\n", severity_name(sev), where.empty() ? "" : where + ": ", x.message);
      if (!x.hint.empty()) s += fmt::format("hint: {}\n", x.hint);
    }
  }
  return s;
}

json render_report_json(const CheckReport& r) {
  json j;
  j["files"] = json::array();
  for (const LayoutDesc& l : r.layouts) j["files"].push_back({{"file", l.file}, {"kind", std::string(source_kind_name(l.kind))}});
  j["board"] = r.board.empty() ? json(nullptr) : json(r.board);
  j["strategy"] = std::string(boot::strategy_name(r.strategy));
  j["strategy_from"] = r.strategy_from;
  j["max_align"] = r.max_align;
  j["devices"] = json::array();
  for (const ResolvedDevice& d : r.devices.all()) {
    j["devices"].push_back({{"device", d.id}, {"name", d.name}, {"size_bytes", d.geometry.size},
                            {"sectors", sectors_text(d.geometry)}, {"write_block_bytes", d.geometry.write_block}, {"from", d.source}});
  }
  j["areas"] = json::array();
  for (const AreaDesc& a : r.effective().areas) j["areas"].push_back(area_json(a));
  j["strategies"] = json::array();
  for (const StrategyRow& row : r.strategies) j["strategies"].push_back(row_json(row, r));
  j["image"] = r.image ? json{{"name", r.image->name}, {"size_bytes", r.image->size}, {"measured_by", r.image->measured_by}}
                       : json(nullptr);
  if (r.image_needs) {
    j["image_needs"] = {{"primary_bytes", r.image_needs->primary_size}, {"secondary_bytes", r.image_needs->secondary_size}};
  }
  j["findings"] = json::array();
  for (const Finding& f : r.findings.all()) j["findings"].push_back(finding_json(f));
  j["errors"] = r.findings.count(Severity::kError);
  j["warnings"] = r.findings.count(Severity::kWarning);
  j["ok"] = !r.refused();
  for (const Finding& f : r.findings.all()) {
    if (f.severity != Severity::kError) continue;
    j["error"] = {{"code", f.code}, {"message", f.message}, {"device", nullptr}, {"offset", nullptr}};
    break;
  }
  return j;
}

}  // namespace norboot::tools::layout
