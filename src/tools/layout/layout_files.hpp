#pragma once
// Reads the files given on the command line into maps: every devicetree source (.dts, .dtsi,
// .overlay) is compiled together as one tree; a .yml/.yaml is a pm_static.yml; a .json is a
// board.json. Other names are recognised by content.
#include <string>
#include <vector>

#include "sim/board_spec.hpp"
#include "tools/layout/layout_desc.hpp"

namespace norboot::tools::layout {

struct LayoutFiles {
  std::vector<std::string> files;
  std::vector<std::string> include_dirs;  // for devicetree #include
  const sim::BoardSpec* board = nullptr;  // base for devicetree fragments
};

/// Reads every file; the first failure is returned (io: unreadable; otherwise bad content).
ReadResult<std::vector<LayoutDesc>> read_layout_files(const LayoutFiles& in);

/// Reads a whole file; io error naming it when it cannot.
ReadResult<std::string> read_text_file(const std::string& path);

}  // namespace norboot::tools::layout
