#pragma once
// A minimal base devicetree for a board preset: the internal flash node and the external chip
// node, with the node labels Zephyr's board files give them (flash0; mx25r32 / mx25r64 /
// w25q128jv …), so an overlay that says `&mx25r32 { partitions { … } }` compiles on its own with
// `--board`. Sizes and erase blocks come from board_spec.hpp; Zephyr's jedec,spi-nor `size` is in
// bits, and so is this one.
#include <string>

#include "sim/board_spec.hpp"

namespace norboot::tools::layout {

std::string board_base_dts(const sim::BoardSpec& board);

}  // namespace norboot::tools::layout
