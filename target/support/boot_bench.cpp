#include "support/boot_bench.hpp"

#include <string_view>

#include "core/build_config.hpp"

#include "support/big_ram.hpp"

namespace norboot::target {

namespace {
NB_BIG_RAM std::array<std::byte, 24 * 4096> g_internal;
NB_BIG_RAM std::array<std::byte, 24 * 4096> g_external;
NB_BIG_RAM std::array<std::byte, 20 * 4096> g_image;
std::array<std::byte, 4096> g_work;

core::Status put(const flash::Area& area, uint32_t size, boot::Version v, uint8_t seed) {
  NB_TRY(area.erase(0, area.size));
  write_fake_image(g_image, size, v, seed);
  const uint32_t padded = (size + 3) / 4 * 4;
  for (uint32_t i = size; i < padded; ++i) g_image[i] = std::byte{0xFF};
  return area.write(0, std::span(g_image).first(padded));
}
}  // namespace

void LastEventLog::event(const boot::BootEvent& e) {
  ++events;
  last = e.kind;
  if (!watching_ || e.kind != boot::Event::kRefuse || !e.has_error || e.error.code != watch_code_) return;
  if (!core::kDiagnosticText || e.message.find(watch_text_) != std::string_view::npos) seen = true;
}

BootBench::BootBench(boot::Strategy s)
    : internal("internal", kBenchInternal, g_internal, rail), external("external", kBenchExternal, g_external, rail) {
  cfg.strategy = s;
  internal.format();
  external.format();
  areas.primary = {&internal, 0x2000, 16 * 4096, "primary"};
  areas.secondary = {&external, 0, 18 * 4096, "secondary"};
  if (s == boot::Strategy::kSwapScratch) areas.scratch = {&external, 0x14000, 4096, "scratch"};
}

boot::Bootloader BootBench::make_bootloader() { return boot::Bootloader(cfg, areas, clock, images, log, g_work); }

core::Status BootBench::put_primary(uint32_t size, boot::Version v, uint8_t seed) {
  return put(areas.primary, size, v, seed);
}

core::Status BootBench::put_secondary(uint32_t size, boot::Version v, uint8_t seed) {
  NB_TRY(areas.secondary.erase(0, areas.secondary.size));
  boot::Bootloader b = make_bootloader();
  if (b.plan() == nullptr) return core::fail(core::Errc::kInvalidArgument, "layout refused by the strategy");
  return put(b.secondary_image_area(), size, v, seed);
}

core::Result<boot::BootResult> BootBench::boot() { return make_bootloader().run(); }

int BootBench::primary_major() {
  boot::Bootloader b = make_bootloader();
  auto s = images.verify(b.primary_image_area());
  return s ? s->version.major : -1;
}

}  // namespace norboot::target
