#pragma once
// The swap benchmark behind `norboot bench swap` and the demo: one strategy's upgrade and revert of
// an image on a fresh simulated board, with per-device counters, the physical bound (the internal
// flash erasing and programming every sector the new image occupies, nothing else on the critical
// path) and MCUboot's bootutil on the same timing model (its exact operation counts from
// ../shared/reference/perf-anchors.md, timed with this board's preset values).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "boot/strategy.hpp"
#include "sim/board_spec.hpp"
#include "sim/counters.hpp"
#include "sim/timeline.hpp"

namespace norboot::tools {

struct DeviceUse {
  uint64_t erases = 0, programs = 0, bytes_written = 0, bytes_read = 0;
  uint32_t max_erases_per_sector = 0;
};

struct SwapBench {
  boot::Strategy strategy = boot::Strategy::kSwapPipeline;
  uint32_t image_bytes = 0;   // header + payload + TLVs of the new image
  uint64_t swap_ns = 0, revert_ns = 0, bound_ns = 0;
  DeviceUse internal, external;  // during the upgrade
  std::optional<uint64_t> mcuboot_ns;  // the anchor's strategy on this timing model, when listed
  std::string mcuboot_label;
  std::string error;           // the run failed: why
};

/// Runs one strategy on `board` with a payload of `payload` bytes; `timeline` (if set) receives the
/// upgrade's device activity.
SwapBench bench_swap(const sim::BoardSpec& board, boot::Strategy s, uint32_t payload, sim::Timeline* timeline = nullptr);

nlohmann::json swap_bench_json(const SwapBench& b);
std::string swap_bench_header();
std::string swap_bench_line(const SwapBench& b);

}  // namespace norboot::tools
