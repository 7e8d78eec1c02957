#pragma once
// PowerDomain: one per board, shared by every simulated device on it. It counts state-changing
// device operations (program, erase, status-register write) and cuts the power at operation k or
// at virtual time t. At a cut every attached device settles the work it had in flight as of the cut
// instant — whole, untouched, or torn — and from then on refuses all work until reboot().
//
// Cut modes
//   kClean: interrupted operations leave their range exactly as before (MCUboot's sim semantics).
//   kTorn : interrupted operations leave a seeded, reproducible mix: bits that were going 1→0 may or
//           may not have; an erase may be partial. The operation the plan names is cut at a seeded
//           fraction of its duration; operations running in the background (an external erase
//           overlapping internal work) are cut at the fraction of their time that had elapsed.
//
// Order of a device operation (why begin_op comes after recording): the device records its
// operation as in flight, then calls begin_op(). If that operation is the cut one, power_lost()
// reaches every device — this one included — and the in-flight record is settled by the same code
// that settles background work. begin_op() then returns false and the device returns kPowerLost.
#include <cstdint>
#include <limits>
#include <vector>

#include "core/result.hpp"
#include "sim/virtual_clock.hpp"

namespace norboot::sim {

enum class CutMode : uint8_t { kClean, kTorn };

struct CutPlan {
  static constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();
  uint64_t at_op = 0;             // 1-based index of the op during which power fails; 0 = none
  uint64_t at_time_ns = kNever;   // or: virtual time at which power fails
  CutMode mode = CutMode::kClean;
  uint64_t seed = 0;              // feeds every torn decision of this cut
};

/// What a device is told when the power fails.
struct PowerCut {
  uint64_t at_ns;     // virtual time of the cut
  CutMode mode;
  uint64_t seed;      // mix in a device-specific value before drawing torn bits
};

class PoweredDevice {
 public:
  virtual ~PoweredDevice() = default;
  /// Settle in-flight work as of cut.at_ns (complete if it had finished, else per cut.mode) and
  /// drop volatile state. Called once per cut.
  virtual void power_lost(const PowerCut& cut) = 0;
  /// Power is back: power-on reset of volatile state (status latches, modes, busy).
  virtual void power_restored() = 0;
};

class PowerDomain {
 public:
  explicit PowerDomain(VirtualClock& clock);
  PowerDomain(const PowerDomain&) = delete;
  PowerDomain& operator=(const PowerDomain&) = delete;

  void attach(PoweredDevice* dev);
  void arm(const CutPlan& plan);
  void disarm() { plan_ = CutPlan{}; }

  bool alive() const { return alive_; }
  /// core::Errc::kPowerLost naming `device` when the power is off.
  core::Status check(const char* device) const;

  /// A device starts a state-changing operation lasting `duration_ns` from now (already recorded
  /// as in flight). Returns false when the power failed during it (see the header comment).
  bool begin_op(uint64_t duration_ns);

  /// Power comes back; the op counter keeps counting so cut plans can span reboots.
  void reboot();

  uint64_t ops() const { return ops_; }
  /// Virtual time of the last cut, or CutPlan::kNever.
  uint64_t last_cut_ns() const { return last_cut_ns_; }
  VirtualClock& clock() { return clock_; }

 private:
  void cut(uint64_t at_ns);
  uint64_t on_clock(uint64_t from, uint64_t to);

  VirtualClock& clock_;
  std::vector<PoweredDevice*> devices_;
  CutPlan plan_;
  bool alive_ = true;
  uint64_t ops_ = 0;
  uint64_t last_cut_ns_ = CutPlan::kNever;
};

/// A small, fast, reproducible generator for torn bits (splitmix64).
class TornRng {
 public:
  explicit TornRng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n).
  uint64_t below(uint64_t n) { return n == 0 ? 0 : next() % n; }
  /// Uniform in the open interval (0, 1).
  double fraction() { return (static_cast<double>(next() >> 11) + 0.5) / 9007199254740992.0; }

 private:
  uint64_t state_;
};

}  // namespace norboot::sim
