#include "boot_binary/nvmc_flash_hw.hpp"

#include <cstring>

#include "boot_binary/nrf52_regs.hpp"

namespace norboot::nrf52 {

namespace {

core::Status range(uint32_t off, size_t len) {
  if (off > NvmcFlashHw::kPageSize * NvmcFlashHw::kPageCount ||
      len > NvmcFlashHw::kPageSize * NvmcFlashHw::kPageCount - off)
    return core::fail(core::Error{.code = core::Errc::kOutOfRange, .what = "past the end of the internal flash"}
                          .at("internal", off));
  return core::ok();
}

void wait_ready() {
  while ((reg(kNvmcReady) & 1u) == 0) {
  }
}

}  // namespace

core::Status NvmcFlashHw::read(uint32_t off, std::span<std::byte> out) {
  NB_TRY(range(off, out.size()));
  // The internal flash is memory-mapped from address 0.
  std::memcpy(out.data(), reinterpret_cast<const void*>(static_cast<uintptr_t>(off)), out.size());
  return core::ok();
}

core::Status NvmcFlashHw::program(uint32_t off, std::span<const std::byte> in) {
  NB_TRY(range(off, in.size()));
  if (off % 4 != 0 || in.size() % 4 != 0)  // the real NVMC HardFaults on a misaligned word store
    return core::fail(core::Error{.code = core::Errc::kMisaligned, .what = "program: word offset and length"}
                          .at("internal", off));
  wait_ready();
  reg(kNvmcConfig) = kNvmcConfigWen;
  for (size_t i = 0; i < in.size(); i += 4) {
    uint32_t word;
    std::memcpy(&word, in.data() + i, 4);  // the source may be unaligned
    *reinterpret_cast<volatile uint32_t*>(static_cast<uintptr_t>(off + i)) = word;
    while ((reg(kNvmcReadyNext) & 1u) == 0) {
    }
  }
  wait_ready();
  reg(kNvmcConfig) = kNvmcConfigRen;
  return core::ok();
}

core::Status NvmcFlashHw::erase_sector(uint32_t sector_off) {
  NB_TRY(range(sector_off, kPageSize));
  if (sector_off % kPageSize != 0)
    return core::fail(core::Error{.code = core::Errc::kMisaligned, .what = "erase: not a page start"}
                          .at("internal", sector_off));
  wait_ready();
  reg(kNvmcConfig) = kNvmcConfigEen;
  reg(kNvmcErasePage) = sector_off;
  wait_ready();
  reg(kNvmcConfig) = kNvmcConfigRen;
  return core::ok();
}

}  // namespace norboot::nrf52
