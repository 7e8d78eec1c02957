#include "smp/slot_backend.hpp"

#include <algorithm>

#include "boot/app_api.hpp"

namespace norboot::smp {

using core::Errc;
using core::Error;
using core::fail;

core::Result<SlotBackendConfig> SlotImageBackend::configure(const flash::Area& primary, const flash::Area& secondary,
                                                            boot::Strategy strategy, uint32_t max_align,
                                                            const flash::Area* scratch) {
  SlotBackendConfig c;
  c.primary = primary;
  c.secondary = secondary;
  c.plan = NB_TRY(boot::plan_slots(strategy, primary, secondary, scratch, max_align));
  return c;
}

flash::Area SlotImageBackend::upload_area() const {
  const flash::Area& s = cfg_.secondary;
  const boot::SlotPlan& p = cfg_.plan;
  return {s.dev, s.off + p.secondary_offset, p.secondary_trailer_off - p.secondary_offset, s.name};
}

core::Status SlotImageBackend::check_image(uint8_t image) const {
  if (image != 0) return fail(Error{.code = Errc::kNotFound, .what = "image number"}.values(0, image));
  return core::ok();
}

core::Result<SlotSizes> SlotImageBackend::slot_sizes(uint8_t image) {
  NB_TRY(check_image(image));
  SlotSizes s;
  s.primary_size = cfg_.primary.size;
  s.secondary_size = cfg_.secondary.size;
  s.max_image_size = std::min(cfg_.plan.max_image_size, upload_area().size);
  return s;
}

bool SlotImageBackend::summarize(const flash::Area& area, SlotState& out) {
  auto info = image::inspect(area, work_);
  if (!info || !info->has_hash) return false;
  out.version = {info->header.version.major, info->header.version.minor, info->header.version.revision,
                 info->header.version.build};
  out.hash_len = static_cast<uint8_t>(std::min<size_t>(info->hash_len, kMaxImageHash));
  std::copy_n(info->hash.begin(), out.hash_len, out.hash.begin());
  out.bootable = info->header.bootable();
  return true;
}

core::Result<size_t> SlotImageBackend::read_slots(uint8_t image, std::span<SlotState, 2> out) {
  NB_TRY(check_image(image));
  const boot::SlotStates st = NB_TRY(boot::read_state(cfg_.primary, cfg_.secondary, cfg_.plan.max_align));
  size_t n = 0;

  const flash::Area& p = cfg_.primary;
  SlotState primary{};
  if (summarize({p.dev, p.off, cfg_.plan.primary_trailer_off, p.name}, primary)) {
    primary.slot = 0;
    primary.active = true;
    primary.confirmed = st.confirmed;
    out[n++] = primary;
  }

  SlotState secondary{};
  bool found = summarize(upload_area(), secondary);
  if (!found && cfg_.plan.secondary_offset != 0) {
    // Offset strategies save the old primary at +0: the image a revert brings back.
    const flash::Area& s = cfg_.secondary;
    found = summarize({s.dev, s.off, cfg_.plan.secondary_trailer_off, s.name}, secondary);
  }
  if (found) {
    secondary.slot = 1;
    secondary.pending = st.pending && (st.next.type == boot::SwapType::kTest || st.next.type == boot::SwapType::kPerm);
    secondary.permanent = secondary.pending && st.next.type == boot::SwapType::kPerm;
    secondary.confirmed = st.next.type == boot::SwapType::kRevert;
    out[n++] = secondary;
  }
  return n;
}

core::Result<flash::Area> SlotImageBackend::begin_upload(uint8_t image, uint32_t len) {
  NB_TRY(check_image(image));
  const SlotSizes sizes = NB_TRY(slot_sizes(image));
  if (len > sizes.max_image_size) {
    return fail(Error{.code = Errc::kTooLarge, .what = "image size vs the largest image the primary boots"}
                    .in_area(cfg_.primary.name)
                    .values(sizes.max_image_size, len));
  }
  const boot::SlotStates st = NB_TRY(boot::read_state(cfg_.primary, cfg_.secondary, cfg_.plan.max_align));
  if (st.pending) {
    return fail(Error{.code = Errc::kBadState, .what = "an upgrade of the secondary is pending"}.in_area(
        cfg_.secondary.name));
  }
  // No stale request may apply to the new data: the secondary's trailer sectors go first.
  const flash::Area& s = cfg_.secondary;
  NB_TRY(s.erase(cfg_.plan.secondary_trailer_off, s.size - cfg_.plan.secondary_trailer_off));
  return upload_area();
}

core::Status SlotImageBackend::finish_upload(uint8_t image, uint32_t len) {
  NB_TRY(check_image(image));
  const image::ImageInfo info = NB_TRY(image::validate(upload_area(), cfg_.validate, keys_, crypto_, work_));
  if (info.total_size != len) {
    return fail(Error{.code = Errc::kMismatch, .what = "image size (header + payload + TLVs) vs bytes uploaded"}
                    .in_area(cfg_.secondary.name)
                    .values(len, info.total_size));
  }
  return core::ok();
}

core::Status SlotImageBackend::erase_slot(uint8_t image, uint8_t slot) {
  NB_TRY(check_image(image));
  if (slot != 1) {
    return fail(Error{.code = Errc::kInvalidArgument, .what = "only the secondary slot can be erased"}.values(1, slot));
  }
  // Trailer first (no request can outlive its image), then the rest.
  const flash::Area& s = cfg_.secondary;
  NB_TRY(s.erase(cfg_.plan.secondary_trailer_off, s.size - cfg_.plan.secondary_trailer_off));
  return s.erase(0, cfg_.plan.secondary_trailer_off);
}

core::Status SlotImageBackend::request_upgrade(uint8_t image, bool permanent) {
  NB_TRY(check_image(image));
  // The trailer request is the only thing that makes the bootloader touch the primary: it is
  // written only over an image that validates now, whatever the agent believes.
  NB_TRY(image::validate(upload_area(), cfg_.validate, keys_, crypto_, work_));
  return boot::request_upgrade(cfg_.secondary, permanent ? boot::UpgradeMode::kPermanent : boot::UpgradeMode::kTest,
                               cfg_.plan.max_align);
}

core::Status SlotImageBackend::confirm(uint8_t image) {
  NB_TRY(check_image(image));
  return boot::confirm(cfg_.primary, cfg_.plan.max_align);
}

}  // namespace norboot::smp
