#pragma once
// InspectTarget: the two dumps of one board and the map that says where the slots are — from a
// state directory (board.json + internal.bin + external.bin) or from --internal/--external/--board,
// with --layout files overriding the board's own map.
#include <string>
#include <vector>

#include "boot/bootloader.hpp"
#include "flash/geometry.hpp"
#include "tools/inspect/dump_file.hpp"
#include "tools/layout/finding.hpp"
#include "tools/layout/layout_desc.hpp"

namespace norboot::tools::inspect {

struct DeviceDump {
  std::string id;             // "internal" / "external"
  std::string name;           // "nRF52833 internal flash", "MX25R3235F"
  flash::Geometry geometry;
  Dump dump;
};

struct InspectTarget {
  std::string board;                // preset name
  DeviceDump internal, external;
  layout::LayoutDesc layout;        // the areas (roles decide primary / secondary / scratch)
  std::string layout_from;          // "board preset …", "state board.json", "--layout …"
  boot::BootConfig config;          // strategy and max-align the bootloader runs with
  std::string strategy_from;
  layout::Findings findings;        // problems with the map (shown, not fatal)
};

struct TargetArgs {
  std::string state_dir;
  std::string internal_file, external_file;
  std::string board;
  std::vector<std::string> layout_files;
  std::vector<std::string> include_dirs;
  std::string strategy;   // "" = from board.json / preset
  uint32_t max_align = 0; // 0 = from board.json / 8
};

/// Loads dumps and map. Errors: io (unreadable), unknown board/strategy, wrong-size dumps,
/// unreadable layout files, a map without primary and secondary.
layout::ReadResult<InspectTarget> load_target(const TargetArgs& args);

}  // namespace norboot::tools::inspect
