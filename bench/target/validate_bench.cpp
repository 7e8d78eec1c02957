// Validating a 300000-byte MCUboot image (header + payload + SHA-256 TLV, hash-only policy) that
// sits in a RAM-backed flash: image::validate() with the portable SHA-256 and a 512-byte work
// buffer, as the boot binary does it. The flash reads are memcpy here; on a product the primary
// slot is memory-mapped and the secondary comes over SPI.
#include <array>

#include "flash/area.hpp"
#include "flash/ram_flash.hpp"
#include "image/hash_only_crypto.hpp"
#include "image/validator.hpp"
#include "report.hpp"
#include "stack_probe.hpp"
#include "runtime/tick_counter.hpp"
#include "support/big_ram.hpp"
#include "support/mcuboot_image.hpp"

namespace norboot::bench {

namespace {
constexpr uint32_t kImageBytes = 300000;
constexpr flash::Geometry kGeo = flash::Geometry::uniform(4096, 80, 4);
NB_BIG_RAM std::array<std::byte, 80 * 4096> g_slot;
}  // namespace

void bench_validate(Report& r) {
  flash::RamFlash dev("internal", kGeo, g_slot);
  dev.format();
  const uint32_t size = target::write_hashed_image(g_slot, kImageBytes - target::kHashedImageOverhead, {1, 2, 3, 0}, 9);
  const flash::Area slot{&dev, 0, kGeo.size, "primary"};
  image::HashOnlyCrypto crypto;
  std::array<std::byte, 512> work;
  const image::ValidateOptions options{.require_signature = false};

  uint64_t t0 = target::TickCounter::now();
  auto info = image::inspect(slot, work);
  const uint64_t inspect_instr = r.instructions(target::TickCounter::now() - t0);
  t0 = target::TickCounter::now();
  auto valid = image::validate(slot, options, image::Keyring{}, crypto, work);
  const uint64_t validate_instr = r.instructions(target::TickCounter::now() - t0);
  // Same call again for its RAM: the stack it grows plus the caller's work buffer and result.
  StackProbe probe;
  const image::Keyring no_keys{};
  probe.paint();
  auto again = image::validate(slot, options, no_keys, crypto, work);
  const size_t stack = probe.used();
  if (!info || !valid || !again) {
    r.fail("validate bench: the image did not validate");
    return;
  }
  r.figure("validate.image_bytes", size, "bytes");
  r.figure("validate.inspect_instructions", inspect_instr, "instructions");
  r.figure("validate.validate_instructions", validate_instr, "instructions");
  r.ratio("validate.instructions_per_byte", validate_instr, size, "instructions/byte");
  r.figure("validate.stack_bytes", stack, "bytes");
  r.figure("validate.ram_bytes", stack + work.size() + sizeof(again) + sizeof(crypto), "bytes (stack + work buffer + result + crypto object)");
}

}  // namespace norboot::bench
