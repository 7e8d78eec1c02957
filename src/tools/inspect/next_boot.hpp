#pragma once
// "Next boot will … because …": the boot core's own classification (boot_state.hpp: interrupted
// work first, then the swap table) applied to the decoded trailers, the progress log's count of
// finished stages, and — for an upgrade request — the verdict of the same ImageCheck the
// bootloader uses. Then a dry run: the real Bootloader on a copy of the dumps, whose log says
// what actually happens and what runs afterwards.
#include <optional>
#include <string>
#include <vector>

#include "boot/boot_state.hpp"
#include "boot/bootloader.hpp"
#include "sim/boot_log_record.hpp"
#include "tools/inspect/slot_report.hpp"

namespace norboot::tools::inspect {

/// What BootResult the prediction expects (swap type this boot does, whether it resumes).
struct ExpectedBoot {
  boot::SwapType swap = boot::SwapType::kNone;
  bool resumed = false;
};

struct DryRun {
  bool ran = false;
  std::string skipped_because;     // why no dry run (no image support)
  std::string device_error;        // the run stopped on a device error (should not happen on RAM)
  boot::BootResult result;
  std::vector<sim::BootLogEntry> log;
};

struct NextBoot {
  bool plan_ok = false;
  std::string plan_error;
  boot::BootState state;               // valid when plan_ok
  std::string action;                  // what the next boot does
  std::string because;                 // why (the table's / the in-progress rule's reason, details)
  std::optional<uint32_t> stages_done, stage_count;
  std::string image_verdict;           // upgrade requests: what the image check said
  bool expected_known = false;         // false: depends on an image check this build cannot do
  ExpectedBoot expected;
  DryRun dry_run;
  std::string then;                    // after the swap: what boots (from the dry run)
};

NextBoot predict_next_boot(const FlashView& view, const boot::SlotPlan* plan, const std::string& plan_error,
                           const SlotReport* primary, const SlotReport* secondary, ImageSupport& images);

/// Runs the Bootloader once on a copy of the target's dumps.
DryRun dry_run(const InspectTarget& t, boot::ImageCheck& images);

}  // namespace norboot::tools::inspect
