#include "boot/boot_state.hpp"

namespace norboot::boot {

bool flag_settable(Flag f, uint8_t raw, uint8_t erased) {
  return f == Flag::kUnset || (f == Flag::kBad && could_be_torn_set(raw, erased));
}

bool upgrade_in_progress(const TrailerState& p, uint8_t erased) {
  return p.magic == Magic::kGood && p.swap_info_set && flag_settable(p.copy_done, p.copy_done_raw, erased) &&
         (p.swap_type == SwapType::kTest || p.swap_type == SwapType::kPerm);
}

bool revert_log_present(const TrailerState& s) {
  return s.magic == Magic::kUnset && s.swap_info_set && s.swap_type == SwapType::kRevert;
}

bool revert_in_progress(const TrailerState& p, const TrailerState& s, uint8_t erased) {
  return revert_log_present(s) && p.magic == Magic::kGood && p.copy_done == Flag::kSet &&
         flag_settable(p.image_ok, p.image_ok_raw, erased);
}

bool stale_secondary_trailer(const TrailerState& s) {
  return s.magic == Magic::kBad || (s.magic == Magic::kUnset && (s.swap_info_set || s.swap_size_set ||
                                                                 s.image_ok != Flag::kUnset ||
                                                                 s.copy_done != Flag::kUnset));
}

BootState classify_boot_state(const TrailerState& p, const TrailerState& s, uint8_t erased) {
  BootState st;
  if (upgrade_in_progress(p, erased)) {
    st.work = PendingWork::kResumeUpgrade;
    st.decision = {p.swap_type, -1,
                   core::diag_text("an upgrade was interrupted (primary: magic good, swap_info set, copy_done not written)")};
    st.why = st.decision.why;
    return st;
  }
  if (revert_in_progress(p, s, erased)) {
    st.work = PendingWork::kResumeRevert;
    st.decision = {SwapType::kRevert, -1,
                   core::diag_text("a revert was interrupted (secondary holds a revert log; primary image_ok not written)")};
    st.why = st.decision.why;
    return st;
  }
  st.decision = decide_swap(p, s);
  st.why = st.decision.why;
  st.stale_secondary = st.decision.type == SwapType::kNone && stale_secondary_trailer(s);
  return st;
}

}  // namespace norboot::boot
