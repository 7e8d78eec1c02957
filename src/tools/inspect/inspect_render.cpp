#include "tools/inspect/inspect_render.hpp"

#include <fmt/core.h>

#include "tools/inspect/flash_map.hpp"
#include "tools/layout/area_checks.hpp"
#include "tools/layout/layout_render.hpp"

namespace norboot::tools::inspect {
namespace {

using nlohmann::json;

std::string hex(uint64_t v) { return fmt::format("0x{:08x}", v); }
std::string version_text(const boot::Version& v) { return fmt::format("{}.{}.{}+{}", v.major, v.minor, v.revision, v.build); }

std::string image_text(const FoundImage& img) {
  const ImageFacts& f = img.facts;
  std::string s = fmt::format("    {} at +0x{:x} ({}): {} {}, header 0x{:x} + payload {} + TLVs → {} bytes, load 0x{:x}, flags 0x{:x}\n",
                              f.format, img.off, img.why_here, f.format.empty() ? "image" : "version", version_text(f.version),
                              f.header_size, f.image_size, f.total_size, f.load_addr, f.flags);
  std::string tlvs;
  for (const TlvFacts& t : f.tlvs) tlvs += fmt::format("{}{}{} ({} B)", tlvs.empty() ? "" : ", ", t.protected_tlv ? "protected " : "", t.name, t.len);
  if (!tlvs.empty()) s += "      TLVs: " + tlvs + "\n";
  const auto verdict = [](const std::optional<bool>& v) { return v ? (*v ? "valid" : "INVALID") : "not checked"; };
  s += fmt::format("      hash {}, signature {}{}\n", verdict(f.hash_ok), verdict(f.signature_ok), f.key.empty() ? "" : " (key " + f.key + ")");
  if (!f.problem.empty()) s += "      problem: " + f.problem + "\n";
  return s;
}

std::string log_text(const LogReport& l) {
  const std::string done = l.done ? fmt::format("{} of {} stages recorded", *l.done, l.stage_count) : "unreadable: " + l.scan_error;
  return fmt::format("    {} at +0x{:x}: {}; {} of {} record slots used, {} torn\n", l.owner, l.off, done, l.used_slots,
                     l.capacity, l.torn);
}

std::string slot_text(const SlotReport& s) {
  std::string out = fmt::format("{} ({} flash {}, {})\n", s.area.name, s.area.device, layout::span_text(s.area.off, s.area.size),
                                layout::human_size(s.area.size));
  std::string runs;
  for (const Region& r : s.occupancy) runs += fmt::format("{}+0x{:x}..+0x{:x} {}", runs.empty() ? "" : ", ", r.off, r.off + r.len, fill_name(r.fill));
  out += "    contents: " + runs + "\n";
  for (const FoundImage& img : s.images) out += image_text(img);
  if (s.has_trailer) out += fmt::format("    trailer at +0x{:x}: {}\n", s.trailer_off, trailer_text(s.trailer));
  if (s.log && (s.log->used_slots > 0 || !s.log->done)) out += log_text(*s.log);
  return out;
}

std::string plan_text(const InspectReport& r) {
  if (!r.plan) return "plan: none — " + r.plan_error + "\n";
  const boot::SlotPlan& p = *r.plan;
  return fmt::format("plan: {} units, largest image {} bytes, new image at secondary +0x{:x}, trailers at primary +0x{:x} / "
                     "secondary +0x{:x}, {} progress records of {} bytes\n",
                     p.unit_count, p.max_image_size, p.secondary_offset, p.primary_trailer_off, p.secondary_trailer_off,
                     p.status_records, p.record_size);
}

std::string next_text(const NextBoot& n) {
  std::string s = "next boot will " + n.action + "\n";
  if (!n.because.empty()) s += "  because " + n.because + "\n";
  if (!n.image_verdict.empty()) s += "  image check: " + n.image_verdict + "\n";
  if (!n.dry_run.ran) {
    s += "  (not simulated: " + n.dry_run.skipped_because + ")\n";
    return s;
  }
  s += "  simulated on a copy of the dumps (the bootloader's own code):\n";
  for (const sim::BootLogEntry& e : n.dry_run.log) {
    if (e.kind == boot::Event::kPhase) continue;
    s += "    " + std::string(boot::event_name(e.kind)) + ": " + e.message + (e.has_error ? ": " + e.error_text : "") + "\n";
  }
  if (!n.then.empty()) s += "  " + n.then + "\n";
  return s;
}

json trailer_json(const boot::TrailerState& t) {
  return {{"magic", boot::magic_name(t.magic)},
          {"image_ok", boot::flag_name(t.image_ok)},
          {"copy_done", boot::flag_name(t.copy_done)},
          {"swap_info", t.swap_info_set ? json(boot::swap_type_name(t.swap_type)) : json(nullptr)},
          {"swap_info_raw", fmt::format("0x{:02x}", t.swap_info_raw)},
          {"swap_size_bytes", t.swap_size_set ? json(t.swap_size) : json(nullptr)}};
}

json image_json(const FoundImage& img) {
  const ImageFacts& f = img.facts;
  json tlvs = json::array();
  for (const TlvFacts& t : f.tlvs) tlvs.push_back({{"type", t.type}, {"name", t.name}, {"len", t.len}, {"protected", t.protected_tlv}});
  auto opt = [](const std::optional<bool>& v) { return v ? json(*v) : json(nullptr); };
  return {{"offset", hex(img.off)}, {"what", img.why_here}, {"format", f.format}, {"version", version_text(f.version)},
          {"header_bytes", f.header_size}, {"payload_bytes", f.image_size}, {"total_bytes", f.total_size},
          {"load_addr", hex(f.load_addr)}, {"flags", hex(f.flags)}, {"tlvs", tlvs}, {"hash_valid", opt(f.hash_ok)},
          {"signature_valid", opt(f.signature_ok)}, {"key", f.key.empty() ? json(nullptr) : json(f.key)},
          {"problem", f.problem.empty() ? json(nullptr) : json(f.problem)}};
}

json slot_json(const SlotReport& s) {
  json occ = json::array();
  for (const Region& r : s.occupancy) occ.push_back({{"offset", hex(r.off)}, {"size_bytes", r.len}, {"fill", fill_name(r.fill)}});
  json images = json::array();
  for (const FoundImage& i : s.images) images.push_back(image_json(i));
  json j{{"name", s.area.name}, {"role", std::string(layout::role_name(s.area.role))}, {"device", s.area.device},
         {"offset", hex(s.area.off)}, {"size_bytes", s.area.size}, {"erased_bytes", s.erased_bytes},
         {"occupancy", occ}, {"images", images}};
  j["trailer"] = s.has_trailer ? trailer_json(s.trailer) : json(nullptr);
  if (s.log) {
    j["progress_log"] = {{"owner", s.log->owner}, {"offset", hex(s.log->off)}, {"capacity", s.log->capacity},
                         {"used_slots", s.log->used_slots}, {"torn", s.log->torn},
                         {"stages_done", s.log->done ? json(*s.log->done) : json(nullptr)}, {"stage_count", s.log->stage_count},
                         {"error", s.log->scan_error.empty() ? json(nullptr) : json(s.log->scan_error)}};
  }
  return j;
}

std::string_view work_name(boot::PendingWork w) {
  switch (w) {
    case boot::PendingWork::kResumeUpgrade: return "resume_upgrade";
    case boot::PendingWork::kResumeRevert: return "resume_revert";
    case boot::PendingWork::kDecide: return "swap_table";
  }
  return "?";
}

json next_json(const NextBoot& n) {
  json j{{"action", n.action}, {"because", n.because}, {"plan_ok", n.plan_ok}};
  j["work"] = n.plan_ok ? json(std::string(work_name(n.state.work))) : json(nullptr);
  j["swap_table_rule"] = n.plan_ok && n.state.decision.rule >= 0 ? json(n.state.decision.rule) : json(nullptr);
  j["stages_done"] = n.stages_done ? json(*n.stages_done) : json(nullptr);
  j["stage_count"] = n.stage_count ? json(*n.stage_count) : json(nullptr);
  j["image_check"] = n.image_verdict.empty() ? json(nullptr) : json(n.image_verdict);
  j["expected"] = n.expected_known ? json{{"swap", boot::swap_type_name(n.expected.swap)}, {"resumed", n.expected.resumed}} : json(nullptr);
  json d{{"ran", n.dry_run.ran}};
  if (n.dry_run.ran) {
    d["bootable"] = n.dry_run.result.bootable;
    d["swap"] = boot::swap_type_name(n.dry_run.result.swap);
    d["resumed"] = n.dry_run.result.resumed;
    d["then"] = n.then;
    d["log"] = sim::render_json(n.dry_run.log);
  } else {
    d["skipped_because"] = n.dry_run.skipped_because;
  }
  j["dry_run"] = d;
  return j;
}

}  // namespace

std::string render_inspect_text(const InspectReport& r) {
  const InspectTarget& t = *r.target;
  std::string s = fmt::format("board {} · strategy {} ({}) · max-align {}\n", t.board, boot::strategy_name(t.config.strategy),
                              t.strategy_from, t.config.max_align);
  s += fmt::format("dumps: {} ({}) · {} ({})\n", t.internal.dump.file, t.internal.dump.format, t.external.dump.file,
                   t.external.dump.format);
  s += fmt::format("map: {}\n", t.layout_from);
  s += plan_text(r);
  s += fmt::format("images: {}\n\nflash map\n", r.image_support);
  s += flash_map_text(r);
  s += "\n";
  for (const SlotReport& sr : r.slots) {
    if (sr.area.role != layout::Role::kOther) s += slot_text(sr);
  }
  s += "\n" + next_text(r.next);
  return s;
}

json render_inspect_json(const InspectReport& r) {
  const InspectTarget& t = *r.target;
  json j{{"board", t.board}, {"strategy", std::string(boot::strategy_name(t.config.strategy))}, {"max_align", t.config.max_align},
         {"layout", t.layout_from}, {"images", r.image_support}};
  j["dumps"] = {{"internal", {{"file", t.internal.dump.file}, {"format", t.internal.dump.format}, {"size_bytes", t.internal.geometry.size}}},
                {"external", {{"file", t.external.dump.file}, {"format", t.external.dump.format}, {"size_bytes", t.external.geometry.size}}}};
  if (r.plan) {
    j["plan"] = {{"units", r.plan->unit_count}, {"max_image_bytes", r.plan->max_image_size},
                 {"secondary_image_offset", hex(r.plan->secondary_offset)}, {"primary_trailer_offset", hex(r.plan->primary_trailer_off)},
                 {"secondary_trailer_offset", hex(r.plan->secondary_trailer_off)}, {"status_records", r.plan->status_records}};
  } else {
    j["plan"] = nullptr;
    j["plan_error"] = r.plan_error;
  }
  j["areas"] = json::array();
  for (const SlotReport& s : r.slots) j["areas"].push_back(slot_json(s));
  j["next_boot"] = next_json(r.next);
  j["layout_findings"] = json::array();
  for (const layout::Finding& f : t.findings.all()) {
    j["layout_findings"].push_back({{"severity", std::string(layout::severity_name(f.severity))}, {"code", f.code}, {"message", f.message}});
  }
  return j;
}

}  // namespace norboot::tools::inspect
