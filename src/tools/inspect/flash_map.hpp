#pragma once
// The flash-map picture: one bar per area of each device, every cell showing what its bytes
// hold (I image, # data, . erased, T written trailer), with the trailer state beside it — as text
// for the terminal and as an SVG file (--svg).
#include <string>

#include "tools/inspect/inspect_report.hpp"

namespace norboot::tools::inspect {

/// One cell per 1/width of the area: the "strongest" fill inside it (trailer > image > data > erased).
std::string area_bar(const SlotReport& s, int width);
std::string flash_map_text(const InspectReport& r, int width = 64);
std::string flash_map_svg(const InspectReport& r);

/// "magic good, image_ok set, copy_done unset, swap_info test, swap_size 0x4b000".
std::string trailer_text(const boot::TrailerState& t);

}  // namespace norboot::tools::inspect
