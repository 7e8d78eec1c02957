#pragma once
// Walks a flattened devicetree with libfdt and collects the flash partition map:
// - the internal flash: /chosen zephyr,flash, else the first "soc-nv-flash" node (size from reg,
//   erase-block-size, write-block-size);
// - the external chip: the first "jedec,spi-nor" or "nordic,qspi-nor" node (/chosen
//   nordic,pm-ext-flash preferred); its `size` is in bits;
// - every "fixed-partitions" child of those nodes: reg (honouring #address-cells/#size-cells),
//   node labels from /__symbols__ (dtc -@) and the `label` property. A node label
//   (slot0_partition …) decides the role; a `label` (image-0 …) is the fallback, and a
//   disagreement between the two is a warning. Partitions anywhere else are noted and skipped.
#include <string>
#include <string_view>

#include "tools/layout/layout_desc.hpp"

namespace norboot::tools::layout {

/// `files` names the sources in findings. Errors: a blob libfdt rejects, a partition whose reg
/// has the wrong length, a node without reg.
ReadResult<LayoutDesc> walk_devicetree(std::string_view blob, const std::string& files);

}  // namespace norboot::tools::layout
