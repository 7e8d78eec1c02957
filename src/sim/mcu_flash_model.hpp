#pragma once
// McuFlashModel: an MCU's internal flash controller on the host (nRF52833/nRF52840 NVMC, STM32F4
// FLASH), built from a preset in sim/mcu_presets.hpp. It implements flash::McuFlashHw, so the
// device-side flash::McuFlash driver runs over it unchanged, and sim::PoweredDevice.
//
// Behaviour
// - program(off, in): one burst of in.size()/unit units; off and length must be multiples of the
//   unit (else kMisaligned, as the nRF52 would HardFault). Bits only go 1→0 (old AND new). Parts with
//   a write-count limit (nRF52 nWRITE = 2 per word) refuse a burst that would write any unit more
//   often between erases with kBadState naming that unit's offset (expected = the limit, found =
//   the count this write would reach); a refused burst changes nothing and takes no time.
// - erase_sector(off): `off` must be a sector start (else kMisaligned); resets the write counts.
// - Time: the internal flash stalls the CPU, so every program and erase advances the board's
//   VirtualClock by its duration (burst of N units = N × unit time; erase = the sector's time).
//   Reads are memory-mapped: no time, but counted.
// - Power (protocol in sim/power.hpp): each burst and each sector erase is one operation. While the
//   domain is dead every call returns kPowerLost. A cut settles the operation in flight as of the
//   cut instant: units of a burst that finished are programmed, the unit in progress is untouched
//   (clean) or gets a seeded subset of its 1→0 bits (torn) and counts as written, the rest are
//   untouched; an interrupted erase leaves the sector untouched (clean) or a seeded mix of old,
//   erased and half-erased bytes (torn) and keeps its write counts (only a whole erase resets them).
//   Same seed → same bytes; the seed is mixed with the device name.
// - Counters: completed operations (programs, program_bytes, erases, erase_bytes, sector_erases),
//   reads and read_bytes, and busy_ns (all stall time, interrupted operations included).
#include <cstdint>
#include <span>
#include <vector>

#include "flash/mcu_flash_hw.hpp"
#include "sim/counters.hpp"
#include "sim/mcu_presets.hpp"
#include "sim/power.hpp"

namespace norboot::sim {

class McuFlashModel final : public flash::McuFlashHw, public PoweredDevice {
 public:
  /// Copies `spec`; attaches itself to `power` and uses its clock. The domain must outlive the
  /// model, and (it keeps a pointer; there is no detach) must not cut after the model is gone.
  /// The array starts erased. `name` (a static string) names the device in errors and is mixed
  /// into the torn-bit seed.
  McuFlashModel(const McuFlashSpec& spec, PowerDomain& power, TimingColumn timing = TimingColumn::kTypical,
                const char* name = "internal");

  const flash::Geometry& geometry() const override { return spec_.geometry; }
  core::Status read(uint32_t off, std::span<std::byte> out) override;
  core::Status program(uint32_t off, std::span<const std::byte> in) override;
  core::Status erase_sector(uint32_t sector_off) override;

  void power_lost(const PowerCut& cut) override;
  void power_restored() override {}

  const McuFlashSpec& spec() const { return spec_; }
  const McuFlashTiming& timing() const { return timing_; }
  const char* name() const { return name_; }
  /// Virtual time a burst of `len` bytes / an erase of the sector at `sector_off` takes.
  uint64_t program_ns(uint32_t len) const;
  uint64_t erase_ns(uint32_t sector_off) const;

  DeviceCounters& counters() { return counters_; }
  const DeviceCounters& counters() const { return counters_; }
  /// The cell array as a debugger sees it: no time, no counters, no write-count bookkeeping.
  std::span<std::byte> bytes() { return mem_; }
  std::span<const std::byte> bytes() const { return mem_; }
  /// Writes to the program unit holding `off` since its sector was last erased.
  uint8_t write_count(uint32_t off) const;

  /// Everything non-volatile (cells and write counts), to put a board back in a known state.
  struct Snapshot {
    std::vector<std::byte> cells;
    std::vector<uint8_t> write_counts;
  };
  Snapshot snapshot() const { return {mem_, write_counts_}; }
  void restore(const Snapshot& s);

 private:
  struct InFlight {
    bool active = false;
    bool erase = false;
    uint32_t off = 0;
    uint32_t len = 0;
    const std::byte* data = nullptr;  // the caller's burst; valid while the call runs
    uint64_t start_ns = 0;
    uint64_t duration_ns = 0;
  };

  core::Status check_range(uint32_t off, uint64_t len) const;
  core::Status check_write_counts(uint32_t off, uint32_t len) const;
  /// Records the op, asks the domain, stalls the CPU; false when the power failed meanwhile.
  bool run_op(const InFlight& op);
  /// Applies a whole operation to the cells and counts it.
  void complete(const InFlight& op);
  void charge_writes(uint32_t off, size_t units);
  core::Status lost() const;

  McuFlashSpec spec_;
  McuFlashTiming timing_;
  PowerDomain& power_;
  const char* name_;
  uint64_t salt_;
  std::vector<std::byte> mem_;
  std::vector<uint8_t> write_counts_;      // per program unit; empty when the part has no limit
  std::vector<uint64_t> sector_erase_ns_;  // per sector, from the timing column
  InFlight in_flight_;
  DeviceCounters counters_;
};

}  // namespace norboot::sim
