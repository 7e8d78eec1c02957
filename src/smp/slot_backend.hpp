#pragma once
// SlotImageBackend: the boot-side ImageBackend — the SMP agent's view of a real primary/secondary
// pair kept the way the bootloader reads it. Device-side: no heap, no exceptions; every buffer is
// the caller's.
//
//   sizes        boot::plan_slots() for the board's strategy: the same max image size and
//                secondary placement the bootloader uses, so an image it could not install is
//                refused before any byte is written (kTooLarge naming both sizes).
//   upload area  secondary + plan.secondary_offset .. secondary trailer (swap-offset and
//                swap-pipeline put new images one or two units in).
//   image list   image::inspect() of each slot (header, hash TLV) + boot::read_state() of both
//                trailers, mapped to MCUboot's image state flags:
//                  slot 0  active (always: it runs), confirmed = read_state().confirmed
//                  slot 1  pending when the secondary's magic is set (test or permanent),
//                          permanent when that request is permanent,
//                          confirmed when the next boot reverts (slot 1 is the revert target)
//                The secondary is looked for at the strategy's offset first, then (offset
//                strategies) at +0, where a swap saves the old image a revert needs.
//   finish       image::validate() with the keyring and crypto given (hash only when the keyring
//                is empty). A refused image never gets a trailer request: request_upgrade()
//                validates again before it writes, and the agent erases a refused image's header.
//   test/confirm boot::request_upgrade() / boot::confirm() (MCUboot's bytes, magic written last).
//
// Write order of begin_upload: the secondary's trailer sectors are erased first, so no stale
// request (magic, swap_info) can ever apply to the new, half-written data.
#include <cstddef>
#include <span>

#include "boot/slot_plan.hpp"
#include "image/crypto.hpp"
#include "image/keyring.hpp"
#include "image/validator.hpp"
#include "smp/image_backend.hpp"

namespace norboot::smp {

struct SlotBackendConfig {
  flash::Area primary;            // whole slot, trailer included
  flash::Area secondary;          // whole slot, trailer included
  boot::SlotPlan plan;            // from boot::plan_slots for the board's strategy
  image::ValidateOptions validate{.require_signature = false, .enforce_allow_list = true,
                                  .min_security_counter = 0};
};

class SlotImageBackend final : public ImageBackend {
 public:
  /// `work` is the validator's buffer (≥ image::kMinWorkBuffer; 512 B holds any signature TLV).
  SlotImageBackend(const SlotBackendConfig& config, const image::Keyring& keys, image::Crypto& crypto,
                   std::span<std::byte> work)
      : cfg_(config), keys_(keys), crypto_(crypto), work_(work) {}

  /// Builds the config from the two slots and the strategy (boot::plan_slots' errors).
  static core::Result<SlotBackendConfig> configure(const flash::Area& primary, const flash::Area& secondary,
                                                   boot::Strategy strategy, uint32_t max_align,
                                                   const flash::Area* scratch = nullptr);

  /// Where uploads go: secondary + plan.secondary_offset, up to the secondary's trailer.
  flash::Area upload_area() const;

  // --- ImageBackend ---
  /// Errors: kNotFound (image ≠ 0).
  core::Result<SlotSizes> slot_sizes(uint8_t image) override;
  /// Errors: kNotFound (image ≠ 0), trailer read errors. Slots without a readable image are left out.
  core::Result<size_t> read_slots(uint8_t image, std::span<SlotState, 2> out) override;
  /// Errors: kNotFound, kTooLarge ("image N B > largest image M B the primary boots"), kBadState
  /// (an upgrade is pending), erase errors of the secondary's trailer.
  core::Result<flash::Area> begin_upload(uint8_t image, uint32_t len) override;
  /// Errors: image::validate()'s (kBadMagic, kCorrupt, kMismatch, kSignature, …), kMismatch when
  /// the image's size differs from len.
  core::Status finish_upload(uint8_t image, uint32_t len) override;
  /// Errors: kNotFound, kInvalidArgument (slot 0: the running image is never erased), erase errors.
  core::Status erase_slot(uint8_t image, uint8_t slot) override;
  /// Errors: kNotFound (no valid image at the upload area), validate()'s, request_upgrade()'s.
  core::Status request_upgrade(uint8_t image, bool permanent) override;
  /// Errors: boot::confirm()'s.
  core::Status confirm(uint8_t image) override;

  const SlotBackendConfig& config() const { return cfg_; }

 private:
  /// inspect() of the image at the start of `area` into `out` (false: no image there).
  bool summarize(const flash::Area& area, SlotState& out);
  core::Status check_image(uint8_t image) const;

  SlotBackendConfig cfg_;
  const image::Keyring& keys_;
  image::Crypto& crypto_;
  std::span<std::byte> work_;
};

}  // namespace norboot::smp
