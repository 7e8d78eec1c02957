#pragma once
// FlashView: RAM flashes holding copies of a target's dumps, and the boot areas over them, so the
// boot core's own code (Trailer::read, ProgressLog::scan, plan_slots, even a whole Bootloader
// run) reads the dumps exactly as it reads a device. Copies: a dry run may write.
#include <vector>

#include "boot/bootloader.hpp"
#include "flash/ram_flash.hpp"
#include "tools/inspect/target.hpp"

namespace norboot::tools::inspect {

class FlashView {
 public:
  explicit FlashView(const InspectTarget& t);
  FlashView(const FlashView&) = delete;
  FlashView& operator=(const FlashView&) = delete;

  /// The area with that role (dev == nullptr when the map has none).
  flash::Area area(layout::Role r) const;
  /// An area of the map by its description.
  flash::Area area(const layout::AreaDesc& a) const;
  /// The areas a Bootloader needs (scratch only when the map has one).
  boot::BootAreas boot_areas() const;
  const boot::BootConfig& config() const { return t_.config; }
  const InspectTarget& target() const { return t_; }

 private:
  flash::Flash* device(const std::string& id) const;

  const InspectTarget& t_;
  std::vector<std::byte> int_mem_, ext_mem_;
  mutable flash::RamFlash internal_, external_;
};

}  // namespace norboot::tools::inspect
