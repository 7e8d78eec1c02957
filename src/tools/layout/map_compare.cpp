#include "tools/layout/map_compare.hpp"

#include <fmt/core.h>

#include "tools/layout/area_checks.hpp"

namespace norboot::tools::layout {
namespace {

std::string where(const AreaDesc& a) { return fmt::format("{} {} ({} flash)", a.display(), span_text(a.off, a.size), a.device); }

}  // namespace

size_t compare_maps(const LayoutDesc& dt, const LayoutDesc& pm, Findings& out) {
  size_t differences = 0;
  for (Role r : {Role::kBoot, Role::kPrimary, Role::kSecondary, Role::kScratch}) {
    const AreaDesc* d = dt.find(r);
    const AreaDesc* p = pm.find(r);
    if (d == nullptr && p == nullptr) continue;
    if (d == nullptr || p == nullptr) {
      ++differences;
      const AreaDesc* has = d != nullptr ? d : p;
      out.warning("maps_disagree",
                  fmt::format("the {} area is only in {}: {}", role_name(r), d != nullptr ? dt.file : pm.file, where(*has)),
                  has->from);
      continue;
    }
    if (d->device == p->device && d->off == p->off && d->size == p->size) continue;
    ++differences;
    std::string what;
    if (d->device != p->device) what += fmt::format("device {} vs {}; ", d->device, p->device);
    if (d->off != p->off) what += fmt::format("offset 0x{:x} vs 0x{:x}; ", d->off, p->off);
    if (d->size != p->size) what += fmt::format("size 0x{:x} vs 0x{:x}; ", d->size, p->size);
    what.resize(what.size() - 2);
    out.error("maps_disagree",
              fmt::format("{} area differs ({}): devicetree {} says {}, pm_static.yml {} says {}", role_name(r), what,
                          dt.file, where(*d), pm.file, where(*p)),
              d->from, "make the devicetree's fixed-partitions match pm_static.yml, or remove them");
  }
  if (differences > 0) {
    out.note("pm_static_wins",
             fmt::format("{} difference(s): a Partition Manager build (nRF Connect SDK) places MCUboot and the application "
                         "from {}; the devicetree's fixed-partitions are ignored there (a plain Zephyr build uses the devicetree)",
                         differences, pm.file),
             {pm.file, "", 0});
  }
  return differences;
}

}  // namespace norboot::tools::layout
