#pragma once
// Tags an error with where it happened in a slot: the area's name, its device and the
// device-absolute offset of area offset `rel` (STYLE.md: every error says where).
#include "core/error.hpp"
#include "flash/area.hpp"

namespace norboot::image::detail {

inline core::Error in_slot(const flash::Area& slot, uint32_t rel, core::Error e) {
  return std::move(e).at(slot.dev ? slot.dev->name() : "", slot.off + rel).in_area(slot.name);
}

/// Keeps errors that already name a place (flash errors from Area::read) as they are.
inline core::Error tag_read_error(const flash::Area& slot, uint32_t rel, core::Error e) {
  if (e.offset != core::Error::kNoOffset) return e;
  return in_slot(slot, rel, e);
}

}  // namespace norboot::image::detail
