#pragma once
// check_layouts: everything `norboot layout check` says about a partition map, computed with the
// boot core's own arithmetic (strategy_table.hpp → boot::plan_slots):
//   - every needed area exists (primary, secondary; boot; scratch for swap-scratch);
//   - areas lie inside their device, start and end on its erase sectors, and do not overlap;
//   - per strategy: the plan or why it refuses, the largest bootable image, the secondary (and
//     scratch) it needs; for the chosen strategy, slot sizes that differ from that need;
//   - a given image fits the primary, or the slot sizes it would need;
//   - a devicetree and a pm_static.yml of the same board agree (a Partition Manager build uses
//     pm_static.yml; every difference is listed).
// The map a build actually uses is checked in full; the other (a devicetree beside a
// pm_static.yml) gets its structural errors reported as warnings.
#include <optional>
#include <string>
#include <vector>

#include "sim/board_spec.hpp"
#include "tools/layout/devices.hpp"
#include "tools/layout/finding.hpp"
#include "tools/layout/layout_desc.hpp"
#include "tools/layout/strategy_table.hpp"

namespace norboot::tools::layout {

struct ImageInput {
  uint64_t size = 0;
  std::string name;         // file name, or "--image-size"
  std::string measured_by;  // "image header (header + image + TLVs)", "file size", "given size"
};

struct CheckOptions {
  const sim::BoardSpec* board = nullptr;
  std::optional<boot::Strategy> strategy;
  std::optional<uint32_t> max_align;
  std::optional<ImageInput> image;
};

struct CheckReport {
  std::vector<LayoutDesc> layouts;  // the map a build uses first
  std::string board;                // the preset that gave the geometry ("" when none)
  boot::Strategy strategy = boot::Strategy::kSwapPipeline;
  std::string strategy_from;        // "--strategy", "board.json", "board preset default", "norboot default"
  uint32_t max_align = 8;
  DeviceSet devices;
  std::vector<StrategyRow> strategies;  // every strategy, in kStrategyTable order (empty without slots)
  std::optional<ImageInput> image;
  std::optional<SlotsForImage> image_needs;  // slots the image would need with the chosen strategy
  Findings findings;

  const LayoutDesc& effective() const { return layouts.front(); }
  const StrategyRow* chosen() const;
  bool refused() const { return findings.count(Severity::kError) > 0; }
};

/// Checks the maps read from the user's files (none: an empty map, refused for missing slots).
CheckReport check_layouts(std::vector<LayoutDesc> layouts, const CheckOptions& opt);

}  // namespace norboot::tools::layout
