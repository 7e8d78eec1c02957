#include "tools/inspect/slot_report.hpp"

#include <algorithm>

#include "boot/progress_log.hpp"
#include "core/bytes.hpp"

namespace norboot::tools::inspect {
namespace {

using layout::Role;

/// Sector runs of erased vs written bytes.
std::vector<Region> scan_sectors(const flash::Area& a, uint32_t& erased_bytes) {
  std::vector<Region> out;
  std::vector<std::byte> buf;
  const std::byte erased{a.erased_value()};
  erased_bytes = 0;
  for (uint32_t rel = 0; rel < a.size;) {
    const flash::Sector s = *a.sector_at(rel);
    const uint32_t len = std::min(s.off + s.size, a.size) - rel;
    buf.resize(len);
    if (!a.read(rel, buf)) break;
    const uint32_t n_erased = static_cast<uint32_t>(std::count(buf.begin(), buf.end(), erased));
    erased_bytes += n_erased;
    const Fill f = n_erased == len ? Fill::kErased : Fill::kData;
    if (!out.empty() && out.back().fill == f) {
      out.back().len += len;
    } else {
      out.push_back({rel, len, f});
    }
    rel += len;
  }
  return out;
}

/// Paints [off, off+len) with `f` over the runs (splitting them where needed).
void overlay(std::vector<Region>& runs, uint32_t off, uint32_t len, Fill f) {
  std::vector<Region> out;
  const uint32_t end = off + len;
  for (const Region& r : runs) {
    const uint32_t r_end = r.off + r.len;
    if (r_end <= off || r.off >= end) {
      out.push_back(r);
      continue;
    }
    if (r.off < off) out.push_back({r.off, off - r.off, r.fill});
    if (r_end > end) out.push_back({end, r_end - end, r.fill});
  }
  out.push_back({off, len, f});
  std::sort(out.begin(), out.end(), [](const Region& a, const Region& b) { return a.off < b.off; });
  runs.clear();
  for (const Region& r : out) {
    if (!runs.empty() && runs.back().fill == r.fill && runs.back().off + runs.back().len == r.off) {
      runs.back().len += r.len;
    } else {
      runs.push_back(r);
    }
  }
}

/// Where the boot core looks for images in this area.
std::vector<std::pair<uint32_t, std::string>> image_places(Role r, const boot::SlotPlan* plan) {
  if (r == Role::kPrimary) return {{0, "the primary image, what runs"}};
  if (r != Role::kSecondary) return {};
  if (plan == nullptr || plan->secondary_offset == 0) return {{0, "a new image, or the old one a swap saved"}};
  return {{plan->secondary_offset, "a new image, where this strategy expects it"}, {0, "the old image a swap saves for a revert"}};
}

LogReport scan_log(const flash::Area& slot, const boot::SlotPlan& plan, uint32_t max_align, std::string owner) {
  LogReport r;
  r.owner = std::move(owner);
  r.off = log_offset(plan, max_align, slot.size);
  r.capacity = plan.status_records;
  boot::ProgressLog log(slot, r.off, plan.status_records, plan.record_size);
  auto done = log.scan();
  if (done) {
    r.done = *done;
  } else {
    char buf[256];
    core::format_error(done.error(), buf);
    r.scan_error = buf;
  }
  r.used_slots = log.next_slot();
  std::vector<std::byte> rec(plan.record_size);
  for (uint32_t i = 0; i < r.used_slots; ++i) {
    if (slot.read(r.off + i * plan.record_size, rec) && boot::ProgressLog::decode(rec) < 0) ++r.torn;
  }
  return r;
}

}  // namespace

std::string_view fill_name(Fill f) {
  switch (f) {
    case Fill::kErased: return "erased";
    case Fill::kData: return "data";
    case Fill::kImage: return "image";
    case Fill::kTrailer: return "trailer";
  }
  return "?";
}

uint32_t log_offset(const boot::SlotPlan& plan, uint32_t max_align, uint32_t slot_size) {
  return boot::TrailerLayout{max_align, slot_size}.swap_size_off() - plan.status_records * plan.record_size;
}

SlotReport report_slot(const FlashView& view, const layout::AreaDesc& desc, const boot::SlotPlan* plan, ImageSupport& images) {
  SlotReport r;
  r.area = desc;
  const flash::Area a = view.area(desc);
  if (a.dev == nullptr) return r;
  r.occupancy = scan_sectors(a, r.erased_bytes);
  for (const auto& [off, why] : image_places(desc.role, plan)) {
    const flash::Area at{a.dev, a.off + off, a.size - off, a.name};
    FoundImage img{off, why, images.describe(at)};
    if (!img.facts.present) continue;
    overlay(r.occupancy, off, std::min(img.facts.total_size, a.size - off), Fill::kImage);
    r.images.push_back(std::move(img));
  }
  if (desc.role != Role::kPrimary && desc.role != Role::kSecondary) return r;
  const uint32_t max_align = view.config().max_align;
  auto t = boot::Trailer(a, max_align).read();
  if (!t) return r;
  r.has_trailer = true;
  r.trailer = *t;
  const bool primary = desc.role == Role::kPrimary;
  r.trailer_off = plan ? (primary ? plan->primary_trailer_off : plan->secondary_trailer_off)
                       : a.sector_at(boot::TrailerLayout{max_align, a.size}.swap_size_off())->off;
  const bool written = std::any_of(r.occupancy.begin(), r.occupancy.end(), [&](const Region& x) {
    return x.fill != Fill::kErased && x.off + x.len > r.trailer_off;
  });
  if (written) overlay(r.occupancy, r.trailer_off, a.size - r.trailer_off, Fill::kTrailer);
  if (plan != nullptr) r.log = scan_log(a, *plan, max_align, primary ? "upgrade log (primary trailer)" : "revert log (secondary trailer)");
  return r;
}

}  // namespace norboot::tools::inspect
