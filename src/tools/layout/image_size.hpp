#pragma once
// How many bytes an image file needs in the primary slot. An MCUboot image's header says it
// exactly (header + image + TLV areas); any other file is taken at its size, and the report says
// which of the two was used.
#include <string>

#include "tools/layout/layout_check.hpp"

namespace norboot::tools::layout {

/// Errors: io (unreadable file), or an empty file.
ReadResult<ImageInput> measure_image(const std::string& path);

}  // namespace norboot::tools::layout
