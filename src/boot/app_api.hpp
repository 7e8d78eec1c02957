#pragma once
// What an application does to the trailers, byte for byte as an application linked against
// MCUboot's bootutil_public (boot_request_upgrade / boot_set_confirmed / boot_read_swap_state):
//
//   request_upgrade(test)       secondary: swap_info = test,  magic
//   request_upgrade(permanent)  secondary: image_ok = 1, swap_info = perm, magic
//   confirm()                   primary:   image_ok = 1 (when magic is good and image_ok unset)
//
// The final bytes are MCUboot's; the order differs on purpose: the magic is written last, so a
// power cut in the middle leaves no request rather than a test request that should have been
// permanent.
#include "boot/swap_table.hpp"
#include "boot/trailer.hpp"

namespace norboot::boot {

enum class UpgradeMode : uint8_t { kTest, kPermanent };

/// Marks the image in `secondary` for installation at the next boot.
/// Errors: kBadState when a request is already there with the other mode, kCorrupt when the
/// secondary trailer holds garbage (the caller should erase the slot), write errors.
core::Status request_upgrade(const flash::Area& secondary, UpgradeMode mode, uint32_t max_align = 8);

/// Confirms the running image so the next boot does not revert it. Nothing to do (ok) when the
/// primary trailer is unset (an image flashed without a trailer is permanent) or already confirmed.
/// Errors: kCorrupt when the primary's magic is bad, write errors.
core::Status confirm(const flash::Area& primary, uint32_t max_align = 8);

struct SlotStates {
  TrailerState primary;
  TrailerState secondary;
  SwapDecision next;      // what the next boot will do (before image validation)
  bool pending = false;   // an upgrade of the secondary is requested
  bool confirmed = false; // the running image will not be reverted
};

core::Result<SlotStates> read_state(const flash::Area& primary, const flash::Area& secondary, uint32_t max_align = 8);

}  // namespace norboot::boot
