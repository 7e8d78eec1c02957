#include "tools/inspect/flash_view.hpp"

namespace norboot::tools::inspect {

FlashView::FlashView(const InspectTarget& t)
    : t_(t),
      int_mem_(t.internal.dump.bytes),
      ext_mem_(t.external.dump.bytes),
      internal_("internal", t.internal.geometry, int_mem_),
      external_("external", t.external.geometry, ext_mem_) {}

flash::Flash* FlashView::device(const std::string& id) const {
  if (id == layout::kInternal) return &internal_;
  if (id == layout::kExternal) return &external_;
  return nullptr;
}

flash::Area FlashView::area(const layout::AreaDesc& a) const {
  flash::Flash* dev = device(a.device);
  if (dev == nullptr || a.end() > dev->geometry().size) return {};
  return {dev, static_cast<uint32_t>(a.off), static_cast<uint32_t>(a.size), a.name.c_str()};
}

flash::Area FlashView::area(layout::Role r) const {
  const layout::AreaDesc* a = t_.layout.find(r);
  return a == nullptr ? flash::Area{} : area(*a);
}

boot::BootAreas FlashView::boot_areas() const {
  return {area(layout::Role::kPrimary), area(layout::Role::kSecondary), area(layout::Role::kScratch)};
}

}  // namespace norboot::tools::inspect
