#include "boot/boot_log.hpp"

#include <array>

#include "core/text.hpp"

namespace norboot::boot {

std::string_view event_name(Event e) {
  switch (e) {
    case Event::kState: return "state";
    case Event::kDecision: return "decision";
    case Event::kValidate: return "validate";
    case Event::kRefuse: return "refuse";
    case Event::kSwapStart: return "swap_start";
    case Event::kResume: return "resume";
    case Event::kSwapDone: return "swap_done";
    case Event::kPhase: return "phase";
    case Event::kBoot: return "boot";
    case Event::kHalt: return "halt";
    case Event::kNote: return "note";
  }
  return "?";
}

void TextBootLog::event(const BootEvent& e) {
  std::array<char, 256> buf{};
  core::TextBuf t(buf);
  t.str("[").str(event_name(e.kind)).str("] ").str(e.message);
  if (e.has_error) {
    std::array<char, 160> err{};
    core::format_error(e.error, err);
    t.str(": ").str(err.data());
  }
  if (e.kind == Event::kPhase) t.str(" (").dec(e.duration_ns / 1000).str(" us)");
  sink_.line(e.level, t.view());
}

}  // namespace norboot::boot
