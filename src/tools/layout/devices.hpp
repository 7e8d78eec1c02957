#pragma once
// The geometry of each flash device a layout uses. A board preset is the truth when there is one
// (it is what the simulator and drivers see, including the STM32F4's mixed sectors); otherwise the
// layout file's own figures (devicetree reg / erase-block-size / write-block-size, a jedec,spi-nor
// size in bits) build a uniform device. Disagreements between the two are warnings.
#include <memory>
#include <string>
#include <vector>

#include "flash/area.hpp"
#include "sim/board_spec.hpp"
#include "tools/layout/finding.hpp"
#include "tools/layout/geometry_flash.hpp"
#include "tools/layout/layout_desc.hpp"

namespace norboot::tools::layout {

struct ResolvedDevice {
  std::string id;        // kInternal / kExternal
  std::string name;      // "nRF52833 internal flash", "MX25R3235F", or the devicetree label
  flash::Geometry geometry;
  std::string source;    // where the geometry came from, for findings
  std::unique_ptr<GeometryFlash> flash;  // a device plan_slots can reason about
};

class DeviceSet {
 public:
  const ResolvedDevice* find(std::string_view id) const;
  const std::vector<ResolvedDevice>& all() const { return devices_; }
  void add(ResolvedDevice d);

 private:
  std::vector<ResolvedDevice> devices_;
};

/// Resolves every device `layout` places an area on. `hint` is another map of the same board (a
/// devicetree given beside a pm_static.yml) whose device figures may fill gaps. Unknown geometry is
/// an error finding that asks for --board.
DeviceSet resolve_devices(const LayoutDesc& layout, const sim::BoardSpec* board, const LayoutDesc* hint, Findings& out);

/// The preset's default partition map as a LayoutDesc (what a board.json naming only a preset means).
LayoutDesc preset_layout(const sim::BoardSpec& board);

/// "nRF52833" etc.
std::string_view mcu_name(sim::McuFlashKind k);

/// A flash::Area over a resolved device (nullptr device when unknown).
flash::Area area_on(const DeviceSet& devs, const AreaDesc& a);

}  // namespace norboot::tools::layout
