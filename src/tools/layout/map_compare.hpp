#pragma once
// A devicetree and a pm_static.yml describing the same board: every difference in the four
// upgrade areas (device, offset, size; present in one only). In an nRF Connect SDK build with the
// Partition Manager, pm_static.yml decides and the devicetree's fixed-partitions are ignored —
// the finding says so, because "which one does the bootloader use?" is the question it answers.
#include "tools/layout/finding.hpp"
#include "tools/layout/layout_desc.hpp"

namespace norboot::tools::layout {

/// Conflicting values are errors, an area present in only one map a warning; a final note says
/// which map a Partition Manager build uses. Returns the number of differences.
size_t compare_maps(const LayoutDesc& devicetree, const LayoutDesc& pm_static, Findings& out);

}  // namespace norboot::tools::layout
