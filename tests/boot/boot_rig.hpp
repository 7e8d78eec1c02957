#pragma once
// BootRig: two RAM flashes standing in for the internal flash (4 KiB pages, 4-byte writes) and an
// external NOR (4 KiB sectors, byte writes), a layout, the fake image format and a log that keeps
// every event — enough to drive the boot core through whole upgrade / revert cycles.
#include <string>
#include <vector>

#include "boot/app_api.hpp"
#include "boot/bootloader.hpp"
#include "fake_images.hpp"
#include "flash/ram_flash.hpp"
#include "sim/virtual_clock.hpp"

namespace norboot::boot::testing {

struct RecordingLog final : BootLog {
  std::vector<BootEvent> events;
  std::vector<std::string> lines;
  void event(const BootEvent& e) override;
  bool contains(std::string_view text) const;
  std::string dump() const;
};

struct RigGeometry {
  flash::Geometry internal = flash::Geometry::uniform(4096, 64, 4);
  flash::Geometry external = flash::Geometry::uniform(4096, 256, 1);
  uint32_t primary_off = 0x4000, primary_size = 16 * 4096;
  uint32_t secondary_off = 0, secondary_size = 18 * 4096;
  uint32_t scratch_off = 0x40000, scratch_size = 4096;  // on the external device
  bool secondary_internal = false;                      // both slots on the internal device
};

class BootRig {
 public:
  explicit BootRig(Strategy s, const RigGeometry& g = {});

  void put_primary(const std::vector<std::byte>& image);
  void put_secondary(const std::vector<std::byte>& image);  // at the strategy's offset
  void request(UpgradeMode mode);
  void confirm();
  BootResult boot();             // asserts the boot returned no device error
  Bootloader make_bootloader();

  BootConfig cfg;
  RigGeometry geo;
  std::vector<std::byte> int_mem, ext_mem;
  flash::RamFlash internal, external;
  BootAreas areas;
  FakeImageCheck images;
  ImageCheck* check = &images;  // tests may plug the real validator in
  RecordingLog log;
  sim::VirtualClock clock;
  std::vector<std::byte> work = std::vector<std::byte>(4096);
};

}  // namespace norboot::boot::testing
