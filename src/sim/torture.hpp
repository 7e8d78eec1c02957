#pragma once
// Power-cut torture: run a boot scenario, cut the power at every device operation (and, torn,
// inside it), reboot — cutting again during recovery up to a depth — and check after each run that
// the device boots the image the scenario and the cut allow, that the other image survived where
// the strategy promises a revert, and that no sector was erased more often than its budget.
//
// A run is named by its cut chain: "17,4" = cut at the 17th operation of the scenario's boot, then
// at the 4th operation of the recovery boot. Every failure is reported as a one-line replay.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "boot/bootloader.hpp"
#include "sim/power.hpp"

namespace norboot::sim {

enum class Scenario : uint8_t { kUpgrade, kRevert, kPermanent };
std::string_view scenario_name(Scenario s);
std::optional<Scenario> parse_scenario(std::string_view name);

/// A board in the scenario's start state that can be put back there cheaply.
class TortureTarget {
 public:
  virtual ~TortureTarget() = default;
  /// Restores the start state (flash contents, counters), power on, no cut armed.
  virtual void reset() = 0;
  virtual PowerDomain& power() = 0;
  /// Runs the bootloader once.
  virtual core::Result<boot::BootResult> boot() = 0;
  /// Most erases any one sector took since reset(), per device ("internal", "external").
  virtual std::vector<std::pair<std::string, uint32_t>> max_sector_erases() const = 0;
  /// True when `image` is intact in `area_name` at area offset `off`.
  virtual bool holds(std::string_view area_name, uint32_t off, const std::vector<std::byte>& image) = 0;
  /// The boot areas and plan in use (for the invariants).
  virtual const boot::BootAreas& areas() const = 0;
  virtual uint32_t secondary_image_offset() const = 0;
};

struct TortureOptions {
  Scenario scenario = Scenario::kUpgrade;
  bool torn = false;             // cut inside operations too (each cut point is run clean and torn)
  uint32_t depth = 1;            // cuts per run, the first in the scenario, the rest in recovery
  uint32_t random_runs = 0;      // 0: exhaustive; N: N random cut chains of length `depth`
  uint64_t seed = 1;
  std::vector<uint64_t> replay;  // run exactly this cut chain
  std::string replay_prefix;     // command line that reproduces a run, up to its --replay/--seed words
  std::string replay_suffix;     // …and what follows them (e.g. a closing quote and the binary)
};

struct TortureReport {
  uint64_t scenario_ops = 0;  // state-changing operations of the uncut scenario boot
  uint64_t cut_points = 0;    // runs with at least one cut that landed
  uint64_t boots = 0;
  uint64_t failures = 0;
  uint32_t max_sector_erases = 0;  // worst sector over every run
  std::vector<std::string> replays;  // one line per failure (the first few)
  std::vector<std::string> failure_reasons;
};

/// One state a run may legally end in.
struct EndState {
  std::string name;                                   // "upgraded", "reverted", …
  const std::vector<std::byte>* running = nullptr;    // image that must run after recovery
  const std::vector<std::byte>* preserved = nullptr;  // image that must survive (nullptr: none promised)
  std::string preserved_area;                         // where it must be
  uint32_t preserved_off = 0;
  boot::SwapType next = boot::SwapType::kNone;        // what the boot after that must decide
  bool confirmed = true;                              // whether the running image is confirmed
  bool needs_finished_test = false;                   // allowed only if a cut left a finished,
                                                      // unconfirmed test upgrade behind
};

/// The end states a scenario allows. A test upgrade cut after its last write is complete ends
/// "reverted": the recovery boot finds a finished test that never confirmed — exactly when
/// MCUboot semantics say to revert — so both outcomes are correct there.
struct Expectation {
  std::vector<EndState> allowed;
};

class Torture {
 public:
  Torture(TortureTarget& target, const TortureOptions& opt, const Expectation& expect)
      : t_(target), opt_(opt), expect_(expect) {}

  TortureReport run();

 private:
  struct Outcome {
    bool ok = true;
    uint32_t cuts_landed = 0;
    bool finished_test_seen = false;  // some cut left a completed test upgrade (next: revert)
    std::string why;
  };
  Outcome run_chain(const std::vector<uint64_t>& chain, bool torn, uint64_t seed);
  std::string check(const boot::BootResult& r, const Outcome& o);
  std::string check_end_state(const EndState& e);
  uint64_t count_ops_after(const std::vector<uint64_t>& prefix, bool torn, uint64_t seed);
  void exhaustive(TortureReport& rep, std::vector<uint64_t>& chain);
  void record(TortureReport& rep, const std::vector<uint64_t>& chain, bool torn, uint64_t seed, const Outcome& o);

  TortureTarget& t_;
  TortureOptions opt_;
  Expectation expect_;
  uint32_t uncut_max_erases_ = 0;
  uint64_t boots_ = 0;
  uint32_t worst_erases_ = 0;
};

}  // namespace norboot::sim
