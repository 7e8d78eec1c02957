// norboot's product-like boot binary for an nRF52833 with an MX25R3235F on SPIM3: the default
// layout (src/sim/board_spec.hpp), swap-pipeline, hash-only validation. What a user would flash at
// 0x0 of the internal flash; its size is the size report's subject (target/boot_binary/CMakeLists).
//
//   internal 0x00000..0x0C000  this bootloader (48 KiB, nrf52833_boot.ld)
//   internal 0x0C000..0x80000  primary slot (0x74000)
//   external 0x00000..0x76000  secondary slot
//
// A boot: probe the NOR (its RDID must be the MX25R3235F's), run the boot core (finish or start a
// swap, validate), then jump to the primary image's vector table (slot start + header size). A
// device error resets and retries; no bootable image halts. If the NOR does not answer, the primary
// is validated and started alone.
#include <array>
#include <cstddef>
#include <cstdint>

#include "boot/bootloader.hpp"
#include "boot/validator_check.hpp"
#include "boot_binary/board.hpp"
#include "boot_binary/nrf52_regs.hpp"
#include "boot_binary/nvmc_flash_hw.hpp"
#include "boot_binary/spim_bus.hpp"
#include "flash/mcu_flash.hpp"
#include "image/hash_only_crypto.hpp"
#include "image/header.hpp"
#include "image/keyring.hpp"
#include "runtime/fatal.hpp"
#include "spinor/spi_nor.hpp"

namespace {

using namespace norboot;

constexpr uint32_t kPrimaryOff = 0xC000;
constexpr uint32_t kPrimarySize = 0x74000;
constexpr uint32_t kSecondaryOff = 0x0;
constexpr uint32_t kSecondarySize = 0x76000;
constexpr nrf52::SpimPins kNorPins{.sck = 19, .mosi = 20, .miso = 21, .csn = 17};
// The board's part, from the known-part table at compile time: probe_known() checks the RDID
// against it and takes its geometry and timings, so neither the SFDP parser nor the table is linked.
constexpr spinor::ChipInfo kNorPart = spinor::known_part({0xC2, 0x28, 0x16});  // MX25R3235F

// RAM the drivers and the boot core work in (all static: no heap, and EasyDMA reaches .bss).
alignas(4) std::array<std::byte, 4096> g_copy_buf;   // boot core's copy buffer
alignas(4) std::array<std::byte, 512> g_check_buf;   // validator's chunk buffer
alignas(4) std::array<std::byte, 264> g_nor_buf;     // SPI NOR bounce buffer (one page + slack)

[[noreturn]] void halt() {
  for (;;) __asm volatile("wfe");
}

/// Starts the image in the primary slot: its vector table follows the image header.
[[noreturn]] void start_image(const flash::Area& primary) {
  auto hdr = image::read_header(primary);
  if (!hdr) target::fatal("primary header");
  const uint32_t vectors = primary.off + hdr->hdr_size;  // internal flash is mapped at 0
  const auto* table = reinterpret_cast<const volatile uint32_t*>(static_cast<uintptr_t>(vectors));
  const uint32_t sp = table[0], entry = table[1];
  nrf52::reg(nrf52::kSysTickCtrl) = 0;
  nrf52::reg(nrf52::kScbVtor) = vectors;
  __asm volatile(
      "msr msp, %0\n"
      "dsb\n"
      "isb\n"
      "bx %1\n" ::"r"(sp),
      "r"(entry)
      : "memory");
  __builtin_unreachable();
}

}  // namespace

int main() {
  nrf52::CycleClock clock;
  nrf52::NvmcFlashHw nvmc;
  flash::McuFlash internal("internal", nvmc);
  nrf52::SpimBus spim(kNorPins);
  spinor::SpiNor nor(spim, clock, g_nor_buf);

  image::HashOnlyCrypto crypto;
  const image::Keyring keys;
  boot::ValidatorCheck check(crypto, keys, {.require_signature = false}, g_check_buf);
  nrf52::NullBootLog log;

  const flash::Area primary{&internal, kPrimaryOff, kPrimarySize, "primary"};
  if (!nor.probe_known(kNorPart)) {
    // No external flash (or not the MX25R3235F this image is built for): no upgrade can be
    // pending; run the primary if it is intact.
    if (!check.verify(primary)) halt();
    start_image(primary);
  }

  const boot::BootAreas areas{.primary = primary,
                              .secondary = {&nor, kSecondaryOff, kSecondarySize, "secondary"},
                              .scratch = {}};
  boot::Bootloader bootloader({.strategy = boot::Strategy::kSwapPipeline}, areas, clock, check, log, g_copy_buf);
  auto result = bootloader.run();
  if (!result) target::fatal("boot: device error");  // reset; the boot resumes where it stopped
  if (!result->bootable) halt();
  start_image(bootloader.primary_image_area());
}
