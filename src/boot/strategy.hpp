#pragma once
// Upgrade strategies. The table is the one place their names and promises are stated; the layout
// rules each imposes live in slot_plan.hpp, the stage lists in stage_plan.hpp.
#include <array>
#include <optional>
#include <string_view>

#include "core/static_text.hpp"

// NORBOOT_STRATEGIES: the strategies this build contains, one bit per Strategy value (default all).
// A product that ships one strategy sets it for every translation unit of its link (like the
// switches in core/build_config.hpp): plan_slots() then refuses the others (kUnsupported), and
// their stage and layout code is left out of the image.
#ifndef NORBOOT_STRATEGIES
#define NORBOOT_STRATEGIES 0x1F
#endif

namespace norboot::boot {

enum class Strategy : uint8_t {
  kOverwrite,     // copy secondary over primary; no revert
  kSwapScratch,   // MCUboot swap-scratch: three copies per sector through a scratch area
  kSwapMove,      // MCUboot swap-move: shift primary up one sector, then swap
  kSwapOffset,    // MCUboot swap-offset: new image one unit into the secondary, strict chain
  kSwapPipeline,  // norboot: new image two units in; external work overlaps internal work
};

struct StrategyInfo {
  Strategy strategy;
  std::string_view name;
  bool keeps_revert;
  std::string_view summary;  // prose, empty without diagnostic text (core/build_config.hpp)
};

inline constexpr std::array<StrategyInfo, 5> kStrategyTable{{
    {Strategy::kOverwrite, "overwrite", false, core::diag_text("copy the new image over the old one; fastest, no revert")},
    {Strategy::kSwapScratch, "swap-scratch", true, core::diag_text("swap sector by sector through a scratch area (MCUboot)")},
    {Strategy::kSwapMove, "swap-move", true, core::diag_text("move the primary up one sector, then swap (MCUboot)")},
    {Strategy::kSwapOffset, "swap-offset", true, core::diag_text("new image one sector into the secondary, strict chain (MCUboot)")},
    {Strategy::kSwapPipeline, "swap-pipeline", true,
     core::diag_text("new image two sectors into the secondary; external erase/program overlap internal work (norboot)")},
}};

inline constexpr uint32_t kBuiltStrategies = NORBOOT_STRATEGIES;

constexpr bool strategy_built(Strategy s) { return ((kBuiltStrategies >> static_cast<unsigned>(s)) & 1u) != 0; }

/// `s == want`, known false at compile time when `want` is not built: branches written with it
/// vanish from builds without that strategy.
constexpr bool uses(Strategy s, Strategy want) { return strategy_built(want) && s == want; }

constexpr const StrategyInfo& strategy_info(Strategy s) { return kStrategyTable[static_cast<size_t>(s)]; }
constexpr std::string_view strategy_name(Strategy s) { return strategy_info(s).name; }

constexpr std::optional<Strategy> parse_strategy(std::string_view name) {
  for (const StrategyInfo& i : kStrategyTable) {
    if (i.name == name) return i.strategy;
  }
  return std::nullopt;
}

}  // namespace norboot::boot
