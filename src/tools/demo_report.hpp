#pragma once
// The demo's closing report: what each step of the update cost in board time and host time, the
// throughput of the upload, and the erases each step put on each device's sectors.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/state_dir.hpp"
#include "tools/demo_seed.hpp"

namespace norboot::tools::demo {

/// One measured step: board (virtual) time, host time, the payload it moved, its erases.
struct Phase {
  std::string name;
  double virtual_s = 0;  // flash, SPI and link time on the board's clock
  double host_s = 0;     // wall time on this machine
  uint64_t bytes = 0;    // payload moved (0: none)
  uint64_t int_erases = 0, ext_erases = 0;  // sector erases during the step
  uint64_t int_max = 0, ext_max = 0;        // most erases any one sector took during the step
  bool one_erase_per_sector = true;  // norboot promises at most one per sector per device (not across cuts)
};

/// The state directory's all-time erase counters at one moment; a later mark minus this one is
/// what happened in between. Take marks only after the board has saved (saving folds the
/// devices' counters into these totals).
struct WearMark {
  std::vector<uint64_t> internal, external;
  static WearMark of(const sim::BoardState& st) { return {st.wear_internal, st.wear_external}; }
  /// Fills the erase fields of `p` with `later` minus this mark.
  void diff_into(const WearMark& later, Phase& p) const;
};

/// The report chapter: one line per phase, then the whole demo's wear (`total`, from a fresh board).
Chapter report_chapter(const std::vector<Phase>& phases, const WearMark& total);

}  // namespace norboot::tools::demo
