#pragma once
// Structural checks of one map, before any strategy: areas exist, lie inside their device, sit
// on erase sectors, do not overlap; and where flash is left in no area.
#include "tools/layout/devices.hpp"
#include "tools/layout/finding.hpp"
#include "tools/layout/layout_desc.hpp"

namespace norboot::tools::layout {

/// Primary and secondary present (error), boot present (warning), no role given twice (error),
/// scratch present when `needs_scratch` (error), primary on the internal flash (warning).
void check_needed_areas(const LayoutDesc& l, bool needs_scratch, Findings& out);
/// Non-empty, on a known device, inside it.
void check_bounds(const LayoutDesc& l, const DeviceSet& devs, Findings& out);
/// Start and end on sector boundaries: error for the four roles, warning for other areas (areas
/// inside a pm_static.yml span are exempt: mcuboot_pad and app share sectors on purpose).
void check_alignment(const LayoutDesc& l, const DeviceSet& devs, Findings& out);
/// Overlaps on one device: error, except a container holding what it spans.
void check_overlaps(const LayoutDesc& l, Findings& out);
/// Flash in no area, one note per gap of at least one sector.
void note_free_space(const LayoutDesc& l, const DeviceSet& devs, Findings& out);

/// "0x00c000..0x041000" style span text used by every finding.
std::string span_text(uint64_t off, uint64_t size);

}  // namespace norboot::tools::layout
