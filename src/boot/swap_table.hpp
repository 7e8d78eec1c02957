#pragma once
// The swap-type decision: MCUboot's semantics (bootutil_public.c boot_swap_tables[]), as one
// constexpr table used by the bootloader, `norboot inspect` and the SMP agent alike.
//
//   | primary magic | secondary magic | primary image_ok | secondary image_ok | primary copy_done | → swap |
//   |---------------|-----------------|------------------|--------------------|-------------------|--------|
//   | any           | good            | any              | unset              | any               | test   |
//   | any           | good            | any              | set                | any               | perm   |
//   | good          | unset           | unset            | any                | set               | revert |
//   | (no row matches)                                                                            | none   |
//
// The first matching row wins. A test/perm result still has to pass validation of the secondary
// image (it becomes "fail" otherwise); that is the boot sequence's job, not the table's.
#include <array>
#include <string_view>

#include "boot/trailer.hpp"
#include "core/static_text.hpp"

namespace norboot::boot {

enum class MagicMatch : uint8_t { kAny, kGood, kUnset };
enum class FlagMatch : uint8_t { kAny, kSet, kUnset };

struct SwapRule {
  MagicMatch primary_magic;
  MagicMatch secondary_magic;
  FlagMatch primary_image_ok;
  FlagMatch secondary_image_ok;
  FlagMatch primary_copy_done;
  SwapType result;
  std::string_view why;  // the reason printed in the boot log and by `inspect` (empty without text)
};

inline constexpr std::array<SwapRule, 3> kSwapRules{{
    {MagicMatch::kAny, MagicMatch::kGood, FlagMatch::kAny, FlagMatch::kUnset, FlagMatch::kAny, SwapType::kTest,
     core::diag_text("secondary has an upgrade request (magic good) without image_ok: test the new image once")},
    {MagicMatch::kAny, MagicMatch::kGood, FlagMatch::kAny, FlagMatch::kSet, FlagMatch::kAny, SwapType::kPerm,
     core::diag_text("secondary has an upgrade request with image_ok set: install the new image permanently")},
    {MagicMatch::kGood, MagicMatch::kUnset, FlagMatch::kUnset, FlagMatch::kAny, FlagMatch::kSet, SwapType::kRevert,
     core::diag_text("primary runs a tested image (copy_done set) that was never confirmed (image_ok unset): revert")},
}};

struct SwapDecision {
  SwapType type = SwapType::kNone;
  int rule = -1;         // index into kSwapRules, -1 when none matched
  std::string_view why;
};

/// Applies kSwapRules to the two decoded trailers.
SwapDecision decide_swap(const TrailerState& primary, const TrailerState& secondary);

}  // namespace norboot::boot
