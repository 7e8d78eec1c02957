#pragma once
// RamFlash: a Flash over caller-owned memory, with NOR semantics (write ANDs bits in, erase sets
// the erased value). Device-side so tests can run on the target too (QEMU). No timing, no power
// cuts: the sim module wraps it when a test needs those.
#include <span>

#include "flash/flash.hpp"

namespace norboot::flash {

class RamFlash final : public Flash {
 public:
  /// `storage` must be exactly g.size bytes; it is left as it is (call format() to erase it).
  RamFlash(const char* name, const Geometry& g, std::span<std::byte> storage);
  /// Fills the whole device with the erased value.
  void format();
  std::span<std::byte> bytes() { return mem_; }
  std::span<const std::byte> bytes() const { return mem_; }

 private:
  Status do_read(uint32_t off, std::span<std::byte> out) override;
  Status do_write(uint32_t off, std::span<const std::byte> in) override;
  Status do_erase(uint32_t off, uint32_t len) override;

  std::span<std::byte> mem_;
};

}  // namespace norboot::flash
