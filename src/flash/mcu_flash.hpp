#pragma once
// McuFlash: the internal-flash driver a bootloader uses — a Flash over an McuFlashHw. The Flash
// base has already checked bounds and alignment (write_block = the hardware's program unit), so the
// driver only maps calls onto the controller:
//   write(off, in)  → one program() burst (nRF52: READYNEXT keeps the NVMC streaming words);
//   erase(off, len) → erase_sector() for each sector in the range, lowest first, stopping at the
//                     first error (sectors before it stay erased).
// The internal flash stalls the CPU while it works, so there is no background erase: start_erase()
// erases before returning and busy() is always false.
//
// Errors: the hardware's (see mcu_flash_hw.hpp), with the device name replaced by this driver's
// name, so every error names the device the boot core knows ("internal"). Heap- and exception-free.
#include "flash/flash.hpp"
#include "flash/mcu_flash_hw.hpp"

namespace norboot::flash {

class McuFlash final : public Flash {
 public:
  /// `hw` must outlive the driver; the geometry is taken from it once.
  McuFlash(const char* name, McuFlashHw& hw) : Flash(name, hw.geometry()), hw_(hw) {}

  McuFlashHw& hw() { return hw_; }

 private:
  Status do_read(uint32_t off, std::span<std::byte> out) override;
  Status do_write(uint32_t off, std::span<const std::byte> in) override;
  Status do_erase(uint32_t off, uint32_t len) override;
  Status named(Status s) const;

  McuFlashHw& hw_;
};

}  // namespace norboot::flash
