#pragma once
// Bootloader: one boot, start to finish.
//
//   1. Read both trailers. Work that a power cut interrupted comes first: an upgrade in progress
//      (primary: magic good, swap_info test/perm, copy_done unset) or a revert in progress
//      (secondary: swap_info revert, magic unset, while the primary still asks for a revert).
//   2. Otherwise decide with the swap table (swap_table.hpp). test/perm: validate the secondary
//      first — hash, key, signature, size against the primary, version / security counter,
//      dependencies — and consume a refused request so it is not retried forever. revert: swap back.
//   3. Validate the primary (unless configured off) and report what runs, or halt with the reason.
//
// Write order of an upgrade (each step re-runnable after a cut):
//   erase primary trailer → swap_size, swap_info, magic (magic last: the upgrade now exists) →
//   erase secondary trailer (the request is consumed) → stages, one progress record each →
//   [perm: image_ok] → copy_done.
// Write order of a revert (its log lives in the secondary trailer, so the primary's "revert me"
// state stays readable throughout):
//   erase secondary trailer → swap_size, swap_info=revert (marker last) → stages with records →
//   primary image_ok (the commit point) → erase secondary trailer.
#include <cstdint>
#include <span>

#include "boot/boot_log.hpp"
#include "boot/image_check.hpp"
#include "boot/slot_plan.hpp"
#include "boot/stage_plan.hpp"
#include "boot/trailer.hpp"
#include "core/clock.hpp"
#include "core/diag_buf.hpp"

namespace norboot::boot {

enum class DowngradePolicy : uint8_t { kAllow, kVersion, kSecurityCounter };

struct BootConfig {
  Strategy strategy = Strategy::kSwapPipeline;
  uint32_t max_align = 8;
  bool validate_primary = true;
  DowngradePolicy downgrade = DowngradePolicy::kAllow;
};

struct BootAreas {
  flash::Area primary;
  flash::Area secondary;
  flash::Area scratch;  // swap-scratch only; dev == nullptr otherwise
};

struct BootResult {
  bool bootable = false;
  SwapType swap = SwapType::kNone;  // what this boot did (fail = a request was refused)
  bool resumed = false;             // an interrupted swap was finished
  ImageSummary image;               // the image that runs (when bootable)
  uint64_t swap_ns = 0;             // board-clock time of the swap or revert, trailer work included
  uint64_t total_ns = 0;
};

class Bootloader {
 public:
  /// `work` is the copy buffer (≥ 512 bytes; 4 KiB recommended). No allocation happens later.
  Bootloader(const BootConfig& cfg, const BootAreas& areas, core::Clock& clock, ImageCheck& images,
             BootLog& log, std::span<std::byte> work, SecurityCounterStore* counter = nullptr);

  /// Runs one boot. Refusals are reported in the result and the log; an error means a device
  /// failed (I/O, timeout, power lost) and the boot should be retried from the start.
  core::Result<BootResult> run();

  /// The area holding the image a new upgrade would install (secondary + the strategy's offset).
  flash::Area secondary_image_area() const;
  flash::Area primary_image_area() const;
  const SlotPlan* plan() const { return plan_ok_ ? &plan_ : nullptr; }

 private:
  core::Status handle_pending(BootResult& r);
  core::Status upgrade(SwapType type, BootResult& r);
  core::Status resume_upgrade(const TrailerState& p, BootResult& r);
  core::Status run_upgrade_stages(SwapType type, uint32_t bytes, uint64_t t0, BootResult& r);
  core::Status revert(const TrailerState& p, bool resume, BootResult& r);
  core::Result<bool> accept_secondary(ImageSummary& info);
  core::Result<bool> check_policies(const ImageSummary& info);
  core::Status refuse_request(const core::Error& why, core::StaticText message);
  core::Status run_stages(const StagePlan& stages, const flash::Area& log_area, uint32_t log_off);
  core::Status raise_counter(const ImageSummary& image);
  core::Status erase_trailer(const flash::Area& slot, uint32_t trailer_off);
  core::Status finish_flag(const Trailer& t, Flag f, uint8_t raw, core::Status (Trailer::*write)() const,
                           const char* what);
  core::Result<bool> is_erased(const flash::Area& slot, uint32_t off);
  uint32_t swap_units(uint32_t new_bytes);
  uint32_t status_off(const flash::Area& slot) const;

  // A sentence is either static text or one composed in a DiagBuf; both are empty in a build
  // without diagnostic text (core/build_config.hpp), where the event keeps its kind and error.
  void emit(Event kind, core::Level level, const char* slot, core::StaticText message,
            const core::Error* error = nullptr);
  template <size_t N>
  void emit(Event kind, core::Level level, const char* slot, const core::DiagBuf<N>& message,
            const core::Error* error = nullptr) {
    emit_view(kind, level, slot, message.view(), error);
  }
  void emit_view(Event kind, core::Level level, const char* slot, std::string_view message, const core::Error* error);
  void phase(core::StaticText name, uint64_t since_ns);

  BootConfig cfg_;
  BootAreas areas_;
  core::Clock& clock_;
  ImageCheck& images_;
  BootLog& log_;
  std::span<std::byte> work_;
  SecurityCounterStore* counter_;
  SlotPlan plan_{};
  bool plan_ok_ = false;
  core::Error plan_error_{};
};

}  // namespace norboot::boot
