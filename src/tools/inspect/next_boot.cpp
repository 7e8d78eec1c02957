#include "tools/inspect/next_boot.hpp"

#include <fmt/core.h>

#include "sim/virtual_clock.hpp"

namespace norboot::tools::inspect {
namespace {

using boot::PendingWork;
using boot::SwapType;

std::string error_text(const core::Error& e) {
  char buf[256];
  core::format_error(e, buf);
  return buf;
}

std::string version_text(const boot::Version& v) { return fmt::format("{}.{}.{}+{}", v.major, v.minor, v.revision, v.build); }

/// The in-progress cases: which log, how far it got.
void explain_resume(NextBoot& n, const LogReport* log, const char* what) {
  n.expected = {n.state.decision.type, true};
  n.expected_known = true;
  n.because = std::string(n.state.why);
  if (log == nullptr) {
    n.action = fmt::format("finish the interrupted {}", what);
    return;
  }
  n.stage_count = log->stage_count;
  if (!log->done) {
    n.action = fmt::format("halt: the interrupted {}'s progress log cannot be trusted ({}); the device will not boot", what,
                           log->scan_error);
    n.expected = {SwapType::kNone, true};
    return;
  }
  n.stages_done = *log->done;
  n.action = fmt::format("finish the interrupted {}: {} of {} stages are recorded, stage {} runs next", what, *log->done,
                         log->stage_count, *log->done);
  if (log->torn > 0) n.because += fmt::format("; {} torn progress record(s) are skipped and their stage redone", log->torn);
}

/// An upgrade request: what the bootloader's image check says about the image it would install.
void explain_request(NextBoot& n, const FlashView& view, const boot::SlotPlan& plan, ImageSupport& images) {
  const SwapType type = n.state.decision.type;
  const flash::Area s = view.area(layout::Role::kSecondary);
  const flash::Area img{s.dev, s.off + plan.secondary_offset, plan.secondary_trailer_off - plan.secondary_offset, s.name};
  const std::string kind = type == SwapType::kTest ? "test" : "permanent";
  const std::string strategy(boot::strategy_name(view.config().strategy));
  n.because = std::string(n.state.why);
  auto v = images.check().verify(img);
  if (!v && v.error().code == core::Errc::kUnsupported) {
    n.action = fmt::format("start a {} upgrade ({}) if the image at secondary +0x{:x} is valid", kind, strategy, plan.secondary_offset);
    n.image_verdict = error_text(v.error());
    return;
  }
  n.expected_known = true;
  std::string refusal;
  if (!v) {
    refusal = error_text(v.error());
  } else if (v->size > plan.max_image_size) {
    refusal = fmt::format("the image is {} bytes; with {} the primary boots at most {}", v->size, strategy, plan.max_image_size);
  } else if ((v->flags & 0x100u) != 0 && v->load_addr != view.area(layout::Role::kPrimary).off) {
    refusal = fmt::format("ROM-fixed image linked for 0x{:x}, the primary is at 0x{:x}", v->load_addr, view.area(layout::Role::kPrimary).off);
  }
  if (!refusal.empty()) {
    n.action = fmt::format("refuse the {} upgrade request and erase it, then boot the primary as it is", kind);
    n.image_verdict = "secondary image refused: " + refusal;
    n.expected = {SwapType::kFail, false};
    return;
  }
  n.image_verdict = fmt::format("secondary image {} valid, {} bytes{}", version_text(v->version), v->size,
                                v->signature_checked ? ", signature verified" : ", hash verified");
  n.action = fmt::format("start a {} upgrade ({}) of the image at secondary +0x{:x}", kind, strategy, plan.secondary_offset);
  n.expected = {type, false};
}

void explain_decision(NextBoot& n, const FlashView& view, const boot::SlotPlan& plan, const SlotReport* primary, ImageSupport& images) {
  switch (n.state.decision.type) {
    case SwapType::kTest:
    case SwapType::kPerm:
      explain_request(n, view, plan, images);
      return;
    case SwapType::kRevert: {
      n.expected_known = true;
      n.because = std::string(n.state.why);
      const bool copy = boot::strategy_info(view.config().strategy).keeps_revert && primary->trailer.swap_size_set;
      n.action = copy ? "revert: swap the previous image (saved at the start of the secondary) back into the primary"
                      : "confirm the running image: there is no copy of the old one to go back to";
      n.expected = {copy ? SwapType::kRevert : SwapType::kNone, false};
      return;
    }
    default:
      n.expected_known = true;
      n.because = std::string(n.state.why);
      n.action = n.state.stale_secondary ? "erase the stale secondary trailer, then boot the primary" : "boot the primary (no swap)";
      n.expected = {SwapType::kNone, false};
  }
}

std::string then_text(const DryRun& d) {
  if (!d.ran) return {};
  if (!d.device_error.empty()) return "the simulated boot stopped: " + d.device_error;
  if (d.result.bootable) {
    return fmt::format("then boots {} ({} bytes)", version_text(d.result.image.version), d.result.image.size);
  }
  for (auto it = d.log.rbegin(); it != d.log.rend(); ++it) {
    if (it->kind == boot::Event::kHalt) return "then halts: " + it->message + (it->has_error ? ": " + it->error_text : "");
  }
  return "then halts";
}

}  // namespace

DryRun dry_run(const InspectTarget& t, boot::ImageCheck& images) {
  DryRun d;
  FlashView view(t);
  sim::VirtualClock clock;
  sim::BootLogRecord log;
  std::vector<std::byte> work(4096);
  boot::Bootloader bl(t.config, view.boot_areas(), clock, images, log, work);
  auto r = bl.run();
  d.ran = true;
  if (r) {
    d.result = *r;
  } else {
    d.device_error = error_text(r.error());
  }
  d.log = log.entries();
  return d;
}

NextBoot predict_next_boot(const FlashView& view, const boot::SlotPlan* plan, const std::string& plan_error,
                           const SlotReport* primary, const SlotReport* secondary, ImageSupport& images) {
  NextBoot n;
  n.plan_ok = plan != nullptr;
  n.plan_error = plan_error;
  if (plan == nullptr || primary == nullptr || secondary == nullptr || !primary->has_trailer || !secondary->has_trailer) {
    n.action = "no swap: upgrades are disabled because the layout does not support this strategy; boot the primary as it is";
    n.because = plan_error;
    n.expected_known = true;
  } else {
    n.state = boot::classify_boot_state(primary->trailer, secondary->trailer, view.area(layout::Role::kPrimary).erased_value());
    switch (n.state.work) {
      case PendingWork::kResumeUpgrade:
        explain_resume(n, primary->log ? &*primary->log : nullptr,
                       n.state.decision.type == SwapType::kTest ? "test upgrade" : "permanent upgrade");
        break;
      case PendingWork::kResumeRevert: explain_resume(n, secondary->log ? &*secondary->log : nullptr, "revert"); break;
      case PendingWork::kDecide: explain_decision(n, view, *plan, primary, images); break;
    }
  }
  if (images.knows_images()) {
    n.dry_run = dry_run(view.target(), images.check());
  } else {
    n.dry_run.skipped_because = "no image format built in: the bootloader's image checks cannot run";
  }
  n.then = then_text(n.dry_run);
  return n;
}

}  // namespace norboot::tools::inspect
