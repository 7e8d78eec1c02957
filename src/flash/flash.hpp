#pragma once
// Flash: one physical device. Public calls are non-virtual: they check bounds and alignment once
// and then call the private do_* of the device, so every device gets the same contract
// (pw_stream's Write/DoWrite pattern, STYLE.md).
//
// Contract
// - read(off, out): any offset and length inside the device.
// - write(off, in): offset and length multiples of geometry().write_block; programming can only
//   clear bits (1→0). Writing over non-erased data ANDs it in on NOR; devices with stricter rules
//   (nRF NVMC write-count limit) report kWriteLimit.
// - erase(off, len): both ends on sector boundaries; the range reads erased_value afterwards.
// - start_erase(off, len) + busy(): the same erase, started without waiting, for devices whose
//   erase runs in the background (external SPI NOR). Devices without it erase synchronously and
//   busy() is always false. Any other call on a busy device first waits for the erase to finish.
// - start_write(off, in): the same write, started without waiting for the device's internal program
//   cycle (SPI NOR page program: the data is sent, the chip programs in the background). `in` may be
//   reused as soon as the call returns. At most one program page (geometry().page_size, when
//   non-zero) and never across a page boundary. Devices without it write synchronously.
//
// Errors returned: kOutOfRange (past the end, or length overflow), kMisaligned (write/erase not on
// the device's units), kPowerLost (simulated power is off), plus whatever the device reports:
// kTimeout, kIo, kWriteProtected, kBadState, kWriteLimit.
#include <cstdint>
#include <span>

#include "core/result.hpp"
#include "flash/geometry.hpp"

namespace norboot::flash {

using core::Result;
using core::Status;

class Flash {
 public:
  virtual ~Flash() = default;

  const Geometry& geometry() const { return geometry_; }
  /// Short device name used in errors and logs ("internal", "external").
  const char* name() const { return name_; }

  Status read(uint32_t off, std::span<std::byte> out);
  Status write(uint32_t off, std::span<const std::byte> in);
  Status erase(uint32_t off, uint32_t len);
  Status start_erase(uint32_t off, uint32_t len);
  Status start_write(uint32_t off, std::span<const std::byte> in);
  Result<bool> busy();
  /// Blocks until busy() is false (or an error / timeout).
  Status wait_idle();

  /// Checks [off, off+len) lies inside the device; errors name the device and offset.
  Status check_range(uint32_t off, uint64_t len) const;
  /// Checks a write: inside the device, offset and length multiples of the write block.
  Status check_write(uint32_t off, std::span<const std::byte> in) const;
  /// Checks [off, off+len) starts and ends on sector boundaries.
  Status check_erase_range(uint32_t off, uint64_t len) const;

 protected:
  Flash(const char* name, const Geometry& g) : geometry_(g), name_(name) {}
  /// Devices that learn their geometry at probe time construct with an empty one and set it here.
  void set_geometry(const Geometry& g) { geometry_ = g; }

 private:
  virtual Status do_read(uint32_t off, std::span<std::byte> out) = 0;
  virtual Status do_write(uint32_t off, std::span<const std::byte> in) = 0;
  virtual Status do_erase(uint32_t off, uint32_t len) = 0;
  virtual Status do_start_erase(uint32_t off, uint32_t len) { return do_erase(off, len); }
  virtual Status do_start_write(uint32_t off, std::span<const std::byte> in) { return do_write(off, in); }
  virtual Result<bool> do_busy() { return false; }
  virtual Status do_wait_idle();

  Geometry geometry_;
  const char* name_;
};

}  // namespace norboot::flash
