#pragma once
// CutFlash: a RAM flash with NOR semantics that loses power on request — the target's stand-in
// for the simulator's power-cut models (src/sim needs the heap; this needs 100 lines).
//
// Every CutFlash on one PowerRail shares an operation counter: each write or erase is one
// operation (reads are not counted; they change nothing). rail.arm(k, kind) makes operation k
// fail with kPowerLost — not at all (clean) or half done (torn: the first half of the written
// bytes land, or the first half of the erased range is erased) — and every later call on any
// device fails with kPowerLost until rail.power_on(): the reboot.
#include <cstdint>
#include <span>

#include "flash/flash.hpp"

namespace norboot::target {

enum class CutKind : uint8_t { kClean, kTorn };

class PowerRail {
 public:
  /// Cut at the `op`-th operation from now (1 = the next one); 0 disarms.
  void arm(uint32_t op, CutKind kind) {
    cut_at_ = op == 0 ? 0 : ops_ + op;
    kind_ = kind;
  }
  void power_on() { off_ = false; }
  bool off() const { return off_; }
  uint32_t operations() const { return ops_; }

  enum class Step : uint8_t { kRun, kTear, kRefuse };
  /// Called by each device before a write or erase.
  Step next_operation();

 private:
  uint32_t ops_ = 0;
  uint32_t cut_at_ = 0;
  CutKind kind_ = CutKind::kClean;
  bool off_ = false;
};

class CutFlash final : public flash::Flash {
 public:
  /// `storage` must be g.size bytes and outlive the device; call format() to erase it.
  CutFlash(const char* name, const flash::Geometry& g, std::span<std::byte> storage, PowerRail& rail);
  void format();
  std::span<std::byte> bytes() { return mem_; }

 private:
  core::Status do_read(uint32_t off, std::span<std::byte> out) override;
  core::Status do_write(uint32_t off, std::span<const std::byte> in) override;
  core::Status do_erase(uint32_t off, uint32_t len) override;
  core::Status power_lost(uint32_t off) const;

  std::span<std::byte> mem_;
  PowerRail& rail_;
};

}  // namespace norboot::target
