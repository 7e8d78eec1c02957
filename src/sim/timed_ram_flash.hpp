#pragma once
// TimedRamFlash: a generic, fast flash::Flash for boot-core tests and power-cut campaigns — any
// geometry (uniform or run-length), NOR semantics (program ANDs, erase sets erased_value), datasheet-
// style times on the board's VirtualClock, power cuts from the board's PowerDomain, and counters.
//
// Time
// - write(): blocks the CPU for (len / write_block) × program_ns; erase(): each sector in turn for
//   its erase time (erase_ns_by_run[run] when non-zero, else erase_ns). One power-domain operation
//   per write and per sector.
// - async_erase: start_erase() returns at once; the whole range is one operation running in the
//   background and busy() stays true until its deadline on the clock. async_program: the same for
//   start_write() (the data is copied, so the caller may reuse its buffer). Any other call made
//   while background work runs first sleeps until it is done (Flash contract); wait_idle() too.
//   Without these options start_erase()/start_write() are the blocking calls and busy() is false.
//
// Power cuts (sim/power.hpp): while the domain is dead every call returns kPowerLost. A cut settles
// the operation in flight (blocking or background) as of the cut instant: a write's finished write
// blocks land, the block in progress is untouched (clean) or gets a seeded subset of its 1→0 bits
// (torn); an erase's finished sectors are erased, the sector in progress is untouched (clean) or a
// seeded mix (torn). With zero times a torn cut lands on a seeded block. Same seed → same bytes.
//
// Counters: completed operations (programs/program_bytes, erases/erase_bytes — a background erase is
// one operation —, sector_erases for every sector that finished erasing), reads, and busy_ns.
// Speed: reads are memcpy, programs an AND a machine word at a time; no per-byte virtual calls.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "flash/flash.hpp"
#include "sim/counters.hpp"
#include "sim/power.hpp"

namespace norboot::sim {

struct TimedRamFlashConfig {
  const char* name = "ram";
  flash::Geometry geometry;
  uint64_t program_ns = 0;                                        // per write block
  uint64_t erase_ns = 0;                                          // per sector
  std::array<uint64_t, flash::kMaxSectorRuns> erase_ns_by_run{};  // non-zero: per sector of that run
  bool async_erase = false;
  bool async_program = false;
};

class TimedRamFlash final : public flash::Flash, public PoweredDevice {
 public:
  /// Attaches itself to `power` and uses its clock. The domain must outlive the device, and (it
  /// keeps a pointer; there is no detach) must not cut after the device is gone. cfg.name must be
  /// a static string. The cells start erased.
  TimedRamFlash(const TimedRamFlashConfig& cfg, PowerDomain& power);

  void power_lost(const PowerCut& cut) override;
  void power_restored() override {}

  const TimedRamFlashConfig& config() const { return cfg_; }
  uint64_t program_ns(uint32_t len) const { return uint64_t{len / geometry().write_block} * cfg_.program_ns; }
  uint64_t erase_ns(uint32_t off, uint32_t len) const;

  DeviceCounters& counters() { return counters_; }
  const DeviceCounters& counters() const { return counters_; }
  /// The raw cells. Background work shows here once something observed it (any call, busy(),
  /// wait_idle(), a power cut).
  std::span<std::byte> bytes() { return mem_; }
  std::span<const std::byte> bytes() const { return mem_; }
  /// Replaces every cell (same size) and drops any work in flight; counters are left alone.
  void restore(std::span<const std::byte> cells);

 private:
  enum class OpKind : uint8_t { kNone, kProgram, kErase };
  struct Op {
    OpKind kind = OpKind::kNone;
    uint32_t off = 0;
    uint32_t len = 0;
    const std::byte* data = nullptr;  // program source: the caller's (blocking) or bg_data_
    uint64_t start_ns = 0;
    uint64_t duration_ns = 0;
  };

  core::Status do_read(uint32_t off, std::span<std::byte> out) override;
  core::Status do_write(uint32_t off, std::span<const std::byte> in) override;
  core::Status do_erase(uint32_t off, uint32_t len) override;
  core::Status do_start_erase(uint32_t off, uint32_t len) override;
  core::Status do_start_write(uint32_t off, std::span<const std::byte> in) override;
  core::Result<bool> do_busy() override;
  core::Status do_wait_idle() override;

  /// Power check, then waits for and finishes background work (every call starts here).
  core::Status prepare();
  /// Records `op` in flight and asks the domain; blocking ops also stall the clock.
  bool start(const Op& op, bool blocking);
  void complete(const Op& op);
  void erase_cells(uint32_t off, uint32_t len);
  void settle_erase(const Op& op, uint64_t elapsed_ns, const PowerCut& cut);
  core::Status lost() const;

  TimedRamFlashConfig cfg_;
  PowerDomain& power_;
  uint64_t salt_;
  std::vector<std::byte> mem_;
  std::vector<std::byte> bg_data_;
  Op op_;
  DeviceCounters counters_;
};

}  // namespace norboot::sim
