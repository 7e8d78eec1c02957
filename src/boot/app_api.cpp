#include "boot/app_api.hpp"

namespace norboot::boot {

using core::Errc;
using core::Error;
using core::fail;

core::Status request_upgrade(const flash::Area& secondary, UpgradeMode mode, uint32_t max_align) {
  const Trailer t(secondary, max_align);
  const TrailerState s = NB_TRY(t.read());
  const bool permanent = mode == UpgradeMode::kPermanent;
  if (s.magic == Magic::kBad) {
    return fail(Error{.code = Errc::kCorrupt, .what = "secondary trailer magic is neither set nor erased"}
                    .at(secondary.dev->name(), secondary.off + t.layout().magic_off())
                    .in_area(secondary.name));
  }
  if (s.magic == Magic::kGood) {
    // Already requested: fine if it is the same kind of request.
    if ((s.image_ok == Flag::kSet) == permanent) return core::ok();
    return fail(Error{.code = Errc::kBadState, .what = "an upgrade of the other kind is already requested"}
                    .at(secondary.dev->name(), secondary.off + t.layout().image_ok_off())
                    .in_area(secondary.name)
                    .values(permanent ? 1 : 0, s.image_ok == Flag::kSet ? 1 : 0));
  }
  if (permanent) NB_TRY(t.write_image_ok());
  NB_TRY(t.write_swap_info(permanent ? SwapType::kPerm : SwapType::kTest, 0));
  return t.write_magic();
}

core::Status confirm(const flash::Area& primary, uint32_t max_align) {
  const Trailer t(primary, max_align);
  const TrailerState s = NB_TRY(t.read());
  switch (s.magic) {
    case Magic::kUnset:
      return core::ok();
    case Magic::kBad:
      return fail(Error{.code = Errc::kCorrupt, .what = "primary trailer magic is neither set nor erased"}
                      .at(primary.dev->name(), primary.off + t.layout().magic_off())
                      .in_area(primary.name));
    case Magic::kGood:
      break;
  }
  if (s.image_ok == Flag::kSet) return core::ok();
  // A confirm that a power cut interrupted is finished by writing the flag again.
  if (s.image_ok == Flag::kBad && !could_be_torn_set(s.image_ok_raw, primary.erased_value())) {
    return fail(Error{.code = Errc::kCorrupt, .what = "primary image_ok holds neither 0x01 nor the erased value"}
                    .at(primary.dev->name(), primary.off + t.layout().image_ok_off())
                    .in_area(primary.name));
  }
  return t.write_image_ok();
}

core::Result<SlotStates> read_state(const flash::Area& primary, const flash::Area& secondary, uint32_t max_align) {
  SlotStates st;
  st.primary = NB_TRY(Trailer(primary, max_align).read());
  st.secondary = NB_TRY(Trailer(secondary, max_align).read());
  st.next = decide_swap(st.primary, st.secondary);
  st.pending = st.secondary.magic == Magic::kGood;
  // MCUboot: an unset primary trailer or image_ok set means the running image stays.
  st.confirmed = st.primary.magic != Magic::kGood || st.primary.image_ok == Flag::kSet;
  return st;
}

}  // namespace norboot::boot
