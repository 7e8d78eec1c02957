#pragma once
// Devicetree sources (.dts, .overlay) → LayoutDesc, without a hand-written DTS parser:
//   1. cpp resolves #include and macros (as Zephyr does: -x assembler-with-cpp -nostdinc -undef),
//      keeping line markers so dtc reports the user's own file and line;
//   2. dtc -@ compiles to a blob (labels kept in /__symbols__); its error message and location
//      are passed through unchanged;
//   3. libfdt walks the blob (fdt_walk.hpp).
// Overlays that are fragments (no /dts-v1/ header, `&mx25r32 { … }` referring to labels defined
// by the board) are compiled on top of a base generated for the --board preset (board_dts.hpp).
#include <string>
#include <vector>

#include "sim/board_spec.hpp"
#include "tools/layout/layout_desc.hpp"

namespace norboot::tools::layout {

struct DevicetreeInput {
  std::vector<std::string> files;         // compiled together, in this order (base first)
  std::vector<std::string> include_dirs;  // extra -I directories for cpp
  const sim::BoardSpec* board = nullptr;  // base for fragments; nullptr: one file must be a full tree
};

/// Compiles the sources to a flattened devicetree blob. Errors: io (unreadable file, cpp/dtc
/// missing) or the preprocessor's / dtc's own message with file, line and column.
ReadResult<std::string> compile_devicetree(const DevicetreeInput& in);

/// compile_devicetree + walk_devicetree.
ReadResult<LayoutDesc> read_devicetree(const DevicetreeInput& in);

/// True when the file looks like devicetree source (.dts, .dtsi, .overlay).
bool is_devicetree_path(const std::string& path);

}  // namespace norboot::tools::layout
