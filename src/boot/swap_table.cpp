#include "boot/swap_table.hpp"

namespace norboot::boot {
namespace {

bool matches(MagicMatch m, Magic v) {
  switch (m) {
    case MagicMatch::kAny: return true;
    case MagicMatch::kGood: return v == Magic::kGood;
    case MagicMatch::kUnset: return v == Magic::kUnset;
  }
  return false;
}

bool matches(FlagMatch m, Flag v) {
  switch (m) {
    case FlagMatch::kAny: return true;
    case FlagMatch::kSet: return v == Flag::kSet;
    case FlagMatch::kUnset: return v == Flag::kUnset;
  }
  return false;
}

}  // namespace

SwapDecision decide_swap(const TrailerState& p, const TrailerState& s) {
  for (size_t i = 0; i < kSwapRules.size(); ++i) {
    const SwapRule& r = kSwapRules[i];
    if (matches(r.primary_magic, p.magic) && matches(r.secondary_magic, s.magic) &&
        matches(r.primary_image_ok, p.image_ok) && matches(r.secondary_image_ok, s.image_ok) &&
        matches(r.primary_copy_done, p.copy_done)) {
      return {r.result, static_cast<int>(i), r.why};
    }
  }
  return {SwapType::kNone, -1, core::diag_text("no upgrade requested and nothing to revert")};
}

}  // namespace norboot::boot
