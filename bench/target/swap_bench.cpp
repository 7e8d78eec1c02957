// The CPU share of a 74-sector upgrade: a test swap (swap-pipeline, the default strategy) of a
// 300000-byte image from the external secondary into the internal primary, on the nRF52833 layout
// (primary 0xC000 + 0x74000 internal, secondary 0x76000 external), both devices RAM-backed.
//
// Three runs:
//   1. plain: Bootloader::run() on RamFlash areas → total instructions of the boot.
//   2. metered: the same boot with the devices and the image check wrapped, so the time spent
//      inside the flash devices (memcpy/memset here: on a board, SPI transfers and busy waits)
//      and inside validation (hashing both slots) is split off.
//   3. null device: the metering cost per flash call, measured on a device that does nothing,
//      and taken back out of the device share.
// Boot core (decision + bookkeeping) = plain total − device − image check.
#include <array>

#include "boot/app_api.hpp"
#include "boot/bootloader.hpp"
#include "boot/validator_check.hpp"
#include "flash/ram_flash.hpp"
#include "image/hash_only_crypto.hpp"
#include "meter.hpp"
#include "report.hpp"
#include "stack_probe.hpp"
#include "runtime/tick_counter.hpp"
#include "support/big_ram.hpp"
#include "support/mcuboot_image.hpp"

namespace norboot::bench {

namespace {

constexpr flash::Geometry kInternal = flash::Geometry::uniform(4096, 128, 4);
constexpr flash::Geometry kExternal = flash::Geometry::uniform(4096, 256, 1, 0xFF, 256);
constexpr uint32_t kNewImage = 300000;
constexpr uint32_t kOldImage = 290000;
NB_BIG_RAM std::array<std::byte, 128 * 4096> g_internal;
NB_BIG_RAM std::array<std::byte, 256 * 4096> g_external;
NB_BIG_RAM std::array<std::byte, kNewImage> g_image;
std::array<std::byte, 4096> g_work;
std::array<std::byte, 512> g_validator_work;

class TickClock final : public core::Clock {
 public:
  uint64_t now_ns() const override { return target::TickCounter::now() * 40; }  // 25 MHz SysTick
  void sleep_ns(uint64_t) override {}
};

class CountingLog final : public boot::BootLog {
 public:
  void event(const boot::BootEvent&) override { ++events; }
  uint32_t events = 0;
};

class NullFlash final : public flash::Flash {
 public:
  NullFlash() : Flash("null", kExternal) {}

 private:
  core::Status do_read(uint32_t, std::span<std::byte>) override { return core::ok(); }
  core::Status do_write(uint32_t, std::span<const std::byte>) override { return core::ok(); }
  core::Status do_erase(uint32_t, uint32_t) override { return core::ok(); }
};

struct Outcome {
  bool ok = false;
  uint64_t ticks = 0;
  uint32_t units = 0;
};

// Fresh devices: old image in the primary, new image in the secondary, a test request.
bool prepare(flash::Flash& internal, flash::Flash& external, boot::Bootloader& loader, const boot::BootAreas& areas) {
  const uint32_t old_size = target::write_hashed_image(g_image, kOldImage - target::kHashedImageOverhead, {1, 0, 0, 0}, 1);
  if (!areas.primary.write(0, std::span(g_image).first((old_size + 3) / 4 * 4))) return false;
  const uint32_t new_size = target::write_hashed_image(g_image, kNewImage - target::kHashedImageOverhead, {2, 0, 0, 0}, 2);
  if (!loader.secondary_image_area().write(0, std::span(g_image).first(new_size))) return false;
  (void)internal;
  (void)external;
  return static_cast<bool>(boot::request_upgrade(areas.secondary, boot::UpgradeMode::kTest));
}

// Sets the devices up, then boots once; `meter` (when given) covers the boot only.
Outcome boot_once(flash::Flash& internal, flash::Flash& external, boot::ImageCheck& check, Meter* meter, Report& r) {
  TickClock clock;
  CountingLog log;
  const boot::BootAreas areas{.primary = {&internal, 0xC000, 0x74000, "primary"},
                              .secondary = {&external, 0, 0x76000, "secondary"},
                              .scratch = {}};
  boot::Bootloader loader({}, areas, clock, check, log, g_work);
  if (loader.plan() == nullptr || !prepare(internal, external, loader, areas)) {
    r.fail("swap bench: layout or set-up refused");
    return {};
  }
  if (meter != nullptr) meter->start();
  StackProbe probe;
  probe.paint();
  const uint64_t t0 = target::TickCounter::now();
  auto result = loader.run();
  const uint64_t ticks = target::TickCounter::now() - t0;
  const size_t stack = probe.used();
  if (meter != nullptr) meter->leave();
  if (meter == nullptr) r.figure("swap.boot_stack_bytes", stack, "bytes (Bootloader::run, validation and swap included)");
  const bool ok = result && result->bootable && result->swap == boot::SwapType::kTest && result->image.version.major == 2;
  if (!ok) r.fail("swap bench: the boot did not install the new image");
  return {ok, ticks, loader.plan()->units_for(areas.primary, kNewImage)};
}

// Metering cost per call: core-side and device-side ticks of one metered call to a null device.
void metering_cost(Meter& meter, uint64_t& core_ticks, uint64_t& device_ticks, uint32_t calls) {
  NullFlash null_dev;
  MeteredFlash metered(null_dev, meter);
  std::array<std::byte, 16> buf;
  meter.start();
  for (uint32_t i = 0; i < calls; ++i) (void)metered.read(0, buf);
  meter.leave();
  core_ticks = meter.ticks(Cat::kCore);
  device_ticks = meter.ticks(Cat::kFlash);
}

// What one bounds-checked Flash::read costs a product before any device work (null device).
uint64_t flash_call_ticks(uint32_t calls) {
  NullFlash null_dev;
  std::array<std::byte, 16> buf;
  const uint64_t t0 = target::TickCounter::now();
  for (uint32_t i = 0; i < calls; ++i) (void)null_dev.read(0, buf);
  return target::TickCounter::now() - t0;
}

}  // namespace

void bench_swap(Report& r) {
  image::HashOnlyCrypto crypto;
  boot::ValidatorCheck validator(crypto, image::Keyring{}, {.require_signature = false}, g_validator_work);

  flash::RamFlash internal("internal", kInternal, g_internal);
  flash::RamFlash external("external", kExternal, g_external);
  internal.format();
  external.format();
  const Outcome plain = boot_once(internal, external, validator, nullptr, r);

  internal.format();
  external.format();
  Meter meter;
  MeteredFlash m_internal(internal, meter), m_external(external, meter);
  MeteredCheck m_check(validator, meter);
  const Outcome metered = boot_once(m_internal, m_external, m_check, &meter, r);
  if (!plain.ok || !metered.ok) return;

  const uint64_t flash_ticks = meter.ticks(Cat::kFlash);
  const uint64_t check_ticks = meter.ticks(Cat::kCheck);
  const uint64_t meter_calls_from_check = meter.flash_calls_from(Cat::kCheck);
  const uint32_t calls = m_internal.reads + m_internal.writes + m_internal.erases + m_external.reads +
                         m_external.writes + m_external.erases;
  uint64_t null_core = 0, null_device = 0;
  metering_cost(meter, null_core, null_device, calls);

  const uint64_t total = r.instructions(plain.ticks);
  // The null run made `calls` calls from Cat::kCore: per call, null_core/calls ticks land in the
  // caller's category and null_device/calls in the device's.
  const uint64_t device = r.instructions(flash_ticks - null_device);
  const uint64_t check = r.instructions(check_ticks - null_core * meter_calls_from_check / calls);
  r.figure("swap.units", plain.units, "sectors");
  r.figure("swap.total_instructions", total, "instructions");
  r.figure("swap.metered_total_instructions", r.instructions(metered.ticks), "instructions");
  r.figure("swap.flash_calls", calls, "calls");
  r.figure("swap.internal_erases", m_internal.erases, "erases");
  r.figure("swap.internal_writes", m_internal.writes, "writes");
  r.figure("swap.external_erases", m_external.erases, "erases");
  r.figure("swap.external_writes", m_external.writes, "writes");
  r.figure("swap.bytes_read", m_internal.bytes_read + m_external.bytes_read, "bytes");
  r.figure("swap.bytes_written", m_internal.bytes_written + m_external.bytes_written, "bytes");
  r.figure("swap.flash_api_cost_per_call", r.instructions(flash_call_ticks(calls)) / calls, "instructions");
  r.figure("swap.metering_cost_per_call", r.instructions(null_core + null_device) / calls, "instructions");
  r.figure("swap.device_instructions", device, "instructions");
  r.figure("swap.image_check_calls", m_check.verifies + m_check.peeks, "calls");
  r.figure("swap.image_check_flash_calls", meter_calls_from_check, "calls");
  r.figure("swap.image_check_instructions", check, "instructions");
  if (device + check > total) {
    r.fail("swap bench: device + check shares exceed the plain total");
    return;
  }
  r.figure("swap.boot_core_instructions", total - device - check, "instructions");
}

}  // namespace norboot::bench
