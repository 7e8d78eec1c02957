#pragma once
// BootState: what the persisted trailers make the next boot do, as one pure function of the two
// decoded trailers. The bootloader acts on it; `norboot inspect` explains it — one decision, two
// readers (STYLE.md: decode once, decide once).
//
// Order (the first that holds wins; interrupted work always comes before new work):
//   | primary trailer                                   | secondary trailer              | → next boot       |
//   |---------------------------------------------------|--------------------------------|-------------------|
//   | magic good, swap_info test/perm, copy_done not set | any                            | resume upgrade    |
//   | magic good, copy_done set, image_ok not set        | magic unset, swap_info revert  | resume revert     |
//   | (otherwise)                                        |                                | swap table        |
// "not set" includes a flag a power cut left half-written (could_be_torn_set): the boot core
// finishes its own writes. When the table says none, a secondary trailer that holds anything but
// erased bytes or a request is stale (a committed revert's log, a torn erase) and gets erased.
#include <cstdint>
#include <string_view>

#include "boot/swap_table.hpp"
#include "boot/trailer.hpp"

namespace norboot::boot {

enum class PendingWork : uint8_t {
  kResumeUpgrade,  // an upgrade's stages were interrupted: finish them (log in the primary trailer)
  kResumeRevert,   // a revert's stages were interrupted: finish them (log in the secondary trailer)
  kDecide,         // nothing interrupted: the swap table decides
};

struct BootState {
  PendingWork work = PendingWork::kDecide;
  SwapDecision decision;         // kDecide: the table's answer; resume: the swap being finished
  bool stale_secondary = false;  // kDecide with none: the secondary trailer will be erased
  std::string_view why;
};

/// A flag the boot core may still set: erased, or left half-written by a power cut.
bool flag_settable(Flag f, uint8_t raw, uint8_t erased);
/// Primary says an upgrade started (magic written last) and its copy_done is not yet written.
bool upgrade_in_progress(const TrailerState& p, uint8_t erased);
/// The secondary holds a revert's log (swap_info revert without a request magic).
bool revert_log_present(const TrailerState& s);
/// A revert's log is present and the primary still waits for the revert's commit (image_ok).
bool revert_in_progress(const TrailerState& p, const TrailerState& s, uint8_t erased);
/// The secondary trailer holds something that is neither a request nor a revert in progress.
bool stale_secondary_trailer(const TrailerState& s);

/// Classifies the two trailers exactly as Bootloader::run() acts on them (`erased` is the erased
/// value of the primary's device, as the bootloader uses).
BootState classify_boot_state(const TrailerState& primary, const TrailerState& secondary, uint8_t erased);

}  // namespace norboot::boot
