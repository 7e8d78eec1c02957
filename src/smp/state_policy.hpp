#pragma once
// What an image-state write ("image test" / "image confirm") may do, given what the next boot will
// do. The rules are Zephyr's img_mgmt_set_next_boot_slot, as one table read top to bottom, first
// match wins ("*" = any):
//
//   next boot   target      confirm | action
//   ---------   ---------   ------- | ---------------------------------------------
//   *           running     no      | refuse: IMAGE_SETTING_TEST_TO_ACTIVE_DENIED
//   test        secondary   no      | nothing (already set for test)
//   test        *           *       | refuse: IMAGE_ALREADY_PENDING
//   permanent   secondary   yes     | nothing (already set)
//   permanent   *           *       | refuse: IMAGE_ALREADY_PENDING
//   revert      secondary   yes     | nothing (the revert target is confirmed already)
//   revert      running     yes     | confirm the running image
//   revert      *           *       | refuse: IMAGE_ALREADY_PENDING
//   none        running     yes     | confirm the running image
//   none        secondary   no      | request a test swap
//   none        secondary   yes     | request a permanent swap
#include <cstdint>
#include <span>

#include "smp/codes.hpp"
#include "smp/image_backend.hpp"

namespace norboot::smp {

enum class NextBoot : uint8_t { kNone, kTest, kPermanent, kRevert };

enum class StateAction : uint8_t {
  kNothing, kConfirmRunning, kRequestTest, kRequestPermanent, kRefuseTestRunning, kRefusePending,
};

/// What the next boot does, from the slots' flags (as read_slots reports them).
NextBoot next_boot(std::span<const SlotState> slots);

/// The table above. `target_running` is true when the target slot holds the running image.
StateAction decide_state_write(NextBoot next, bool target_running, bool confirm);

/// The image-group code of a refusal (kOk for the other actions).
ImgErr refusal_code(StateAction a);

}  // namespace norboot::smp
