#include "boot_rig.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace norboot::boot::testing {

void RecordingLog::event(const BootEvent& e) {
  events.push_back(e);
  std::string line = std::string(event_name(e.kind)) + ": " + std::string(e.message);
  if (e.has_error) {
    char buf[200];
    core::format_error(e.error, buf);
    line += std::string(": ") + buf;
  }
  lines.push_back(line);
}

bool RecordingLog::contains(std::string_view text) const {
  for (const auto& l : lines) {
    if (l.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string RecordingLog::dump() const {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

BootRig::BootRig(Strategy s, const RigGeometry& g)
    : geo(g),
      int_mem(g.internal.size),
      ext_mem(g.external.size),
      internal("internal", g.internal, int_mem),
      external("external", g.external, ext_mem) {
  cfg.strategy = s;
  internal.format();
  external.format();
  flash::Flash* sdev = g.secondary_internal ? static_cast<flash::Flash*>(&internal) : &external;
  areas.primary = {&internal, g.primary_off, g.primary_size, "primary"};
  areas.secondary = {sdev, g.secondary_off, g.secondary_size, "secondary"};
  if (s == Strategy::kSwapScratch) areas.scratch = {&external, g.scratch_off, g.scratch_size, "scratch"};
}

Bootloader BootRig::make_bootloader() { return Bootloader(cfg, areas, clock, *check, log, work); }

void BootRig::put_primary(const std::vector<std::byte>& image) {
  ASSERT_TRUE(areas.primary.erase(0, areas.primary.size));
  std::vector<std::byte> padded = image;
  padded.resize((image.size() + 3) / 4 * 4, std::byte{0xFF});
  ASSERT_TRUE(areas.primary.write(0, padded));
}

void BootRig::put_secondary(const std::vector<std::byte>& image) {
  Bootloader b = make_bootloader();
  ASSERT_NE(b.plan(), nullptr);
  flash::Area a = b.secondary_image_area();
  ASSERT_TRUE(areas.secondary.erase(0, areas.secondary.size));
  std::vector<std::byte> padded = image;
  padded.resize((image.size() + 3) / 4 * 4, std::byte{0xFF});
  ASSERT_TRUE(a.write(0, padded));
}

void BootRig::request(UpgradeMode mode) { ASSERT_TRUE(request_upgrade(areas.secondary, mode, cfg.max_align)); }

void BootRig::confirm() { ASSERT_TRUE(boot::confirm(areas.primary, cfg.max_align)); }

BootResult BootRig::boot() {
  Bootloader b = make_bootloader();
  auto r = b.run();
  EXPECT_TRUE(r) << (r ? "" : "device error") << "\n" << log.dump();
  return r ? *r : BootResult{};
}

}  // namespace norboot::boot::testing
