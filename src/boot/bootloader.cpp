#include "boot/bootloader.hpp"

#include <algorithm>
#include <array>

#include "boot/boot_state.hpp"
#include "boot/progress_log.hpp"
#include "boot/stage_runner.hpp"
#include "boot/swap_table.hpp"
#include "core/bytes.hpp"
#include "core/diag_buf.hpp"

namespace norboot::boot {

using core::Errc;
using core::Error;
using core::Level;
using core::Status;

namespace {

constexpr uint32_t kFlagRomFixed = 0x00000100;  // MCUboot IMAGE_F_ROM_FIXED

/// Errors that mean "the hardware failed", as opposed to "the data is not acceptable".
bool is_device_failure(const Error& e) {
  return e.code == Errc::kIo || e.code == Errc::kTimeout || e.code == Errc::kPowerLost;
}

/// A version as one Error value: all four fields, or major.minor.revision where values are 32-bit.
core::ErrorValue pack(const Version& v) {
  if constexpr (sizeof(core::ErrorValue) == sizeof(uint64_t)) {
    return (uint64_t{v.major} << 56) | (uint64_t{v.minor} << 48) | (uint64_t{v.revision} << 32) | v.build;
  } else {
    return (uint32_t{v.major} << 24) | (uint32_t{v.minor} << 16) | v.revision;
  }
}

template <size_t N>
void put_version(core::DiagBuf<N>& t, const Version& v) {
  t.dec(v.major).ch('.').dec(v.minor).ch('.').dec(v.revision).ch('+').dec(v.build);
}

template <size_t N>
void put_state(core::DiagBuf<N>& t, const TrailerState& s) {
  t.str("magic ").str(magic_name(s.magic)).str(", image_ok ").str(flag_name(s.image_ok));
  t.str(", copy_done ").str(flag_name(s.copy_done)).str(", swap_info ");
  if (s.swap_info_set) {
    t.str(swap_type_name(s.swap_type));
  } else {
    t.str("unset");
  }
}

}  // namespace

Bootloader::Bootloader(const BootConfig& cfg, const BootAreas& areas, core::Clock& clock, ImageCheck& images,
                       BootLog& log, std::span<std::byte> work, SecurityCounterStore* counter)
    : cfg_(cfg), areas_(areas), clock_(clock), images_(images), log_(log), work_(work), counter_(counter) {
  const flash::Area* scratch = areas_.scratch.dev != nullptr ? &areas_.scratch : nullptr;
  auto p = plan_slots(cfg_.strategy, areas_.primary, areas_.secondary, scratch, cfg_.max_align);
  if (p) {
    plan_ = *p;
    plan_ok_ = true;
  } else {
    plan_error_ = p.error();
  }
}

flash::Area Bootloader::secondary_image_area() const {
  const flash::Area& s = areas_.secondary;
  return {s.dev, s.off + plan_.secondary_offset, plan_.secondary_trailer_off - plan_.secondary_offset, s.name};
}

flash::Area Bootloader::primary_image_area() const {
  const flash::Area& p = areas_.primary;
  return {p.dev, p.off, plan_ok_ ? plan_.primary_trailer_off : p.size, p.name};
}

uint32_t Bootloader::status_off(const flash::Area& slot) const {
  return TrailerLayout{cfg_.max_align, slot.size}.swap_size_off() - plan_.status_records * plan_.record_size;
}

void Bootloader::emit(Event kind, Level level, const char* slot, core::StaticText message, const Error* error) {
  emit_view(kind, level, slot, message.c_str(), error);
}

void Bootloader::emit_view(Event kind, Level level, const char* slot, std::string_view message, const Error* error) {
  BootEvent e;
  e.kind = kind;
  e.level = level;
  e.slot = slot;
  e.message = message;
  e.at_ns = clock_.now_ns();
  if (error != nullptr) {
    e.has_error = true;
    e.error = *error;
  }
  log_.event(e);
}

void Bootloader::phase(core::StaticText name, uint64_t since_ns) {
  BootEvent e;
  e.kind = Event::kPhase;
  e.level = Level::kInfo;
  e.phase = name.c_str();
  e.message = name.c_str();
  e.at_ns = clock_.now_ns();
  e.duration_ns = e.at_ns - since_ns;
  log_.event(e);
}

Status Bootloader::finish_flag(const Trailer& t, Flag f, uint8_t raw, Status (Trailer::*write)() const,
                               const char* what) {
  if (f == Flag::kSet) return core::ok();
  if (!flag_settable(f, raw, t.slot().erased_value())) {
    // Not a value our own write could have left: report it and leave the word alone (a third
    // write to an NVMC word between erases is out of specification).
    Error e = Error{.code = Errc::kCorrupt, .what = what}.in_area(t.slot().name).values(1, raw);
    emit(Event::kNote, Level::kError, t.slot().name, "trailer flag holds garbage; not rewriting it", &e);
    return core::ok();
  }
  Status written = (t.*write)();
  if (!written && written.error().code == Errc::kWriteLimit) {
    // Cuts landed on this same flag write more than once: the word has had all the writes the
    // flash allows between erases. The flag's write was begun, so its meaning holds; leave it.
    emit(Event::kNote, Level::kWarn, t.slot().name, "trailer flag cannot be rewritten again before an erase; left half-written", &written.error());
    return core::ok();
  }
  return written;
}

Status Bootloader::erase_trailer(const flash::Area& slot, uint32_t trailer_off) {
  return slot.erase(trailer_off, slot.size - trailer_off);
}

core::Result<bool> Bootloader::is_erased(const flash::Area& slot, uint32_t off) {
  const std::byte erased{slot.erased_value()};
  for (uint32_t at = off; at < slot.size;) {
    const uint32_t n = std::min<uint32_t>(static_cast<uint32_t>(work_.size()), slot.size - at);
    NB_TRY(slot.read(at, work_.first(n)));
    if (!core::all_equal(work_.first(n), erased)) return false;
    at += n;
  }
  return true;
}

Status Bootloader::refuse_request(const Error& why, core::StaticText message) {
  emit(Event::kRefuse, Level::kError, areas_.secondary.name, message, &why);
  // Consuming the request is what keeps a bad image from being retried at every boot.
  NB_TRY(erase_trailer(areas_.secondary, plan_.secondary_trailer_off));
  emit(Event::kNote, Level::kInfo, areas_.secondary.name, "upgrade request removed; the image stays for inspection");
  return core::ok();
}

core::Result<bool> Bootloader::accept_secondary(ImageSummary& info) {
  auto v = images_.verify(secondary_image_area());
  if (!v) {
    if (is_device_failure(v.error())) return std::unexpected(v.error());
    NB_TRY(refuse_request(v.error(), "secondary image is not valid"));
    return false;
  }
  info = *v;
  core::DiagBuf<160> t;
  t.str("secondary image ");
  put_version(t, info.version);
  t.str(" valid, ").dec(info.size).str(" bytes").str(info.signature_checked ? ", signature verified" : ", hash verified");
  emit(Event::kValidate, Level::kInfo, areas_.secondary.name, t);
  const flash::Area& p = areas_.primary;
  if (info.size > plan_.max_image_size) {
    Error e = Error{.code = Errc::kTooLarge, .what = "image larger than the primary slot can boot"}
                  .at(p.dev->name(), p.off)
                  .in_area(p.name)
                  .values(plan_.max_image_size, info.size);
    NB_TRY(refuse_request(e, "image does not fit the primary slot with this strategy"));
    return false;
  }
  if ((info.flags & kFlagRomFixed) != 0 && info.load_addr != p.off) {
    Error e = Error{.code = Errc::kMismatch, .what = "ROM-fixed image linked for another address"}
                  .at(p.dev->name(), p.off)
                  .in_area(p.name)
                  .values(p.off, info.load_addr);
    NB_TRY(refuse_request(e, "image is built for another slot"));
    return false;
  }
  return NB_TRY(check_policies(info));
}

core::Result<bool> Bootloader::check_policies(const ImageSummary& info) {
  auto current = images_.peek(primary_image_area());
  if (cfg_.downgrade == DowngradePolicy::kVersion && current && compare(info.version, current->version) < 0) {
    Error e = Error{.code = Errc::kDowngrade, .what = "version lower than the running image"}.values(
        pack(current->version), pack(info.version));
    NB_TRY(refuse_request(e, "downgrade refused (version)"));
    return false;
  }
  if (cfg_.downgrade == DowngradePolicy::kSecurityCounter && counter_ != nullptr) {
    const uint32_t have = NB_TRY(counter_->get());
    const uint32_t offered = info.has_security_counter ? info.security_counter : 0;
    if (offered < have) {
      Error e = Error{.code = Errc::kDowngrade, .what = "security counter lower than the device's"}.values(have, offered);
      NB_TRY(refuse_request(e, "downgrade refused (security counter)"));
      return false;
    }
  }
  for (uint8_t i = 0; i < info.dep_count; ++i) {
    const Dependency& d = info.deps[i];
    const bool met = d.image == 0 && current && compare(current->version, d.min_version) >= 0;
    if (!met) {
      Error e = Error{.code = Errc::kNotFound, .what = "dependency not satisfied (image number, minimum version)"}.values(
          d.image, pack(d.min_version));
      NB_TRY(refuse_request(e, "image depends on an image version this device does not run"));
      return false;
    }
  }
  return true;
}

uint32_t Bootloader::swap_units(uint32_t new_bytes) {
  const flash::Area& p = areas_.primary;
  uint32_t n = plan_.units_for(p, new_bytes);
  // The old image must come back on a revert: cover whichever image is longer.
  if (strategy_info(cfg_.strategy).keeps_revert) {
    auto old = images_.peek(primary_image_area());
    if (old) n = std::max(n, plan_.units_for(p, old->size));
  }
  return n;
}

Status Bootloader::run_stages(const StagePlan& stages, const flash::Area& log_area, uint32_t log_off) {
  ProgressLog log(log_area, log_off, plan_.status_records, plan_.record_size);
  const uint32_t done = NB_TRY(log.scan());
  const uint32_t count = stages.stage_count();
  if (done > 0) {
    core::DiagBuf<96> t;
    t.str("continuing at stage ").dec(done).str(" of ").dec(count);
    emit(Event::kResume, Level::kInfo, log_area.name, t);
  }
  StageRunner runner(work_);
  for (uint32_t i = done; i < count; ++i) {
    NB_TRY(runner.run(stages.stage(i)));
    NB_TRY(log.append(i));
  }
  return core::ok();
}

Status Bootloader::run_upgrade_stages(SwapType type, uint32_t bytes, uint64_t t0, BootResult& r) {
  const flash::Area& p = areas_.primary;
  const uint32_t n = plan_.units_for(p, bytes);
  const SwapAreas sa{&areas_.primary, &areas_.secondary, areas_.scratch.dev ? &areas_.scratch : nullptr};
  const StagePlan stages(plan_, sa, Direction::kUpgrade, n, bytes);
  NB_TRY(run_stages(stages, p, status_off(p)));
  // Permanent installs (and overwrite, which keeps nothing to revert to) are confirmed before
  // copy_done: with copy_done first, a cut in between would read as "revert".
  const Trailer pt(p, cfg_.max_align);
  const TrailerState st = NB_TRY(pt.read());
  const bool confirm = type == SwapType::kPerm || uses(cfg_.strategy, Strategy::kOverwrite);
  if (confirm) NB_TRY(finish_flag(pt, st.image_ok, st.image_ok_raw, &Trailer::write_image_ok, "image_ok"));
  NB_TRY(finish_flag(pt, st.copy_done, st.copy_done_raw, &Trailer::write_copy_done, "copy_done"));
  r.swap = type;
  r.swap_ns += clock_.now_ns() - t0;
  phase("swap", t0);
  core::DiagBuf<96> t;
  t.str(swap_type_name(type)).str(" upgrade done: ").dec(n).str(" units, ").dec(stages.stage_count()).str(" stages");
  emit(Event::kSwapDone, Level::kInfo, p.name, t);
  return core::ok();
}

Status Bootloader::upgrade(SwapType type, BootResult& r) {
  const uint64_t t0 = clock_.now_ns();
  ImageSummary info;
  const bool ok = NB_TRY(accept_secondary(info));
  phase("validate secondary", t0);
  if (!ok) {
    r.swap = SwapType::kFail;
    return core::ok();
  }
  const uint32_t n = std::max<uint32_t>(1, swap_units(info.size));
  const Unit last = unit_at(areas_.primary, plan_, n - 1);
  const uint32_t bytes = uses(cfg_.strategy, Strategy::kOverwrite) ? info.size : last.off + last.size;
  const Trailer pt(areas_.primary, cfg_.max_align);
  const uint64_t t_swap = clock_.now_ns();  // swap time counts the trailer work too
  NB_TRY(erase_trailer(areas_.primary, plan_.primary_trailer_off));
  NB_TRY(pt.write_swap_size(bytes));
  NB_TRY(pt.write_swap_info(type, 0));
  NB_TRY(pt.write_magic());
  NB_TRY(erase_trailer(areas_.secondary, plan_.secondary_trailer_off));
  core::DiagBuf<128> t;
  t.str(strategy_name(cfg_.strategy)).str(": ").dec(n).str(" units (").dec(bytes).str(" bytes), ");
  t.dec(plan_.stage_count(n)).str(" stages");
  emit(Event::kSwapStart, Level::kInfo, areas_.primary.name, t);
  return run_upgrade_stages(type, bytes, t_swap, r);
}

Status Bootloader::resume_upgrade(const TrailerState& p, BootResult& r) {
  emit(Event::kResume, Level::kWarn, areas_.primary.name, "an upgrade was interrupted; finishing it");
  const uint64_t t0 = clock_.now_ns();
  const Trailer st(areas_.secondary, cfg_.max_align);
  const TrailerState s = NB_TRY(st.read());
  if (s.magic != Magic::kUnset) NB_TRY(erase_trailer(areas_.secondary, plan_.secondary_trailer_off));
  r.resumed = true;
  return run_upgrade_stages(p.swap_type, p.swap_size, t0, r);
}

Status Bootloader::revert(const TrailerState& p, bool resume, BootResult& r) {
  const Trailer pt(areas_.primary, cfg_.max_align);
  if (!strategy_info(cfg_.strategy).keeps_revert || !p.swap_size_set) {
    emit(Event::kNote, Level::kWarn, areas_.primary.name,
         "revert requested but no copy of the old image exists; confirming the running image");
    return pt.write_image_ok();
  }
  const Trailer st(areas_.secondary, cfg_.max_align);
  const uint64_t t0 = clock_.now_ns();
  if (resume) {
    r.resumed = true;
  } else {
    // Usually still erased since the upgrade consumed the request: reading is cheaper than an
    // erase and keeps the trailer sector at one erase per revert.
    if (!NB_TRY(is_erased(areas_.secondary, plan_.secondary_trailer_off))) {
      NB_TRY(erase_trailer(areas_.secondary, plan_.secondary_trailer_off));
    }
    NB_TRY(st.write_swap_size(p.swap_size));
    NB_TRY(st.write_swap_info(SwapType::kRevert, 0));
  }
  const uint32_t n = plan_.units_for(areas_.primary, p.swap_size);
  const SwapAreas sa{&areas_.primary, &areas_.secondary, areas_.scratch.dev ? &areas_.scratch : nullptr};
  const StagePlan stages(plan_, sa, Direction::kRevert, n, p.swap_size);
  NB_TRY(run_stages(stages, areas_.secondary, status_off(areas_.secondary)));
  NB_TRY(finish_flag(pt, p.image_ok, p.image_ok_raw, &Trailer::write_image_ok, "image_ok"));  // the commit point
  NB_TRY(erase_trailer(areas_.secondary, plan_.secondary_trailer_off));
  r.swap = SwapType::kRevert;
  r.swap_ns += clock_.now_ns() - t0;
  phase("revert", t0);
  emit(Event::kSwapDone, Level::kInfo, areas_.primary.name, "revert done: the previous image is back and confirmed");
  return core::ok();
}

Status Bootloader::handle_pending(BootResult& r) {
  const Trailer pt(areas_.primary, cfg_.max_align);
  const Trailer st(areas_.secondary, cfg_.max_align);
  const TrailerState p = NB_TRY(pt.read());
  const TrailerState s = NB_TRY(st.read());
  core::DiagBuf<224> t;
  t.str("primary: ");
  put_state(t, p);
  t.str("; secondary: ");
  put_state(t, s);
  emit(Event::kState, Level::kInfo, "", t);
  const BootState next = classify_boot_state(p, s, areas_.primary.erased_value());
  if (next.work == PendingWork::kResumeUpgrade) return resume_upgrade(p, r);
  if (next.work == PendingWork::kResumeRevert) {
    emit(Event::kResume, Level::kWarn, areas_.secondary.name, "a revert was interrupted; finishing it");
    return revert(p, true, r);
  }
  const SwapDecision& d = next.decision;
  t.clear();
  t.str(swap_type_name(d.type)).str(": ").str(d.why);
  emit(Event::kDecision, Level::kInfo, "", t);
  switch (d.type) {
    case SwapType::kTest:
    case SwapType::kPerm:
      return upgrade(d.type, r);
    case SwapType::kRevert:
      return revert(p, false, r);
    default:
      break;
  }
  if (next.stale_secondary) {
    // A committed revert whose log was not erased yet, or bytes a power cut left half-erased.
    emit(Event::kNote, Level::kInfo, areas_.secondary.name, "erasing a stale secondary trailer");
    NB_TRY(erase_trailer(areas_.secondary, plan_.secondary_trailer_off));
  }
  return core::ok();
}

core::Result<BootResult> Bootloader::run() {
  const uint64_t t0 = clock_.now_ns();
  BootResult r;
  if (!plan_ok_) {
    emit(Event::kRefuse, Level::kError, areas_.primary.name,
         "the layout does not support this strategy; upgrades are disabled until it is fixed", &plan_error_);
  } else if (auto s = handle_pending(r); !s) {
    if (is_device_failure(s.error())) return std::unexpected(s.error());
    emit(Event::kHalt, Level::kError, "", "swap state cannot be trusted; not booting", &s.error());
    r.total_ns = clock_.now_ns() - t0;
    return r;
  }
  const uint64_t t1 = clock_.now_ns();
  auto image = cfg_.validate_primary ? images_.verify(primary_image_area()) : images_.peek(primary_image_area());
  phase(cfg_.validate_primary ? "validate primary" : "read primary header", t1);
  r.total_ns = clock_.now_ns() - t0;
  if (!image) {
    if (is_device_failure(image.error())) return std::unexpected(image.error());
    emit(Event::kHalt, Level::kError, areas_.primary.name, "no bootable image in the primary slot", &image.error());
    return r;
  }
  r.image = *image;
  r.bootable = true;
  NB_TRY(raise_counter(r.image));
  core::DiagBuf<160> t;
  t.str("booting ");
  put_version(t, r.image.version);
  t.str(" (").dec(r.image.size).str(" bytes, sha ");
  t.hex_bytes(std::span(r.image.hash.data(), std::min<size_t>(r.image.hash_len, 8))).str("…)");
  emit(Event::kBoot, Level::kInfo, areas_.primary.name, t);
  return r;
}

Status Bootloader::raise_counter(const ImageSummary& image) {
  // Only a confirmed image may move the counter: a test image that gets reverted must not lock
  // the device out of the image it reverts to.
  if (counter_ == nullptr || !image.has_security_counter) return core::ok();
  const Trailer pt(areas_.primary, cfg_.max_align);
  const TrailerState p = NB_TRY(pt.read());
  if (p.image_ok != Flag::kSet && p.magic == Magic::kGood) return core::ok();
  const uint32_t have = NB_TRY(counter_->get());
  if (image.security_counter > have) NB_TRY(counter_->raise_to(image.security_counter));
  return core::ok();
}

}  // namespace norboot::boot
