#pragma once
// BootLog: every decision the boot core takes, as structured events. The sink decides the
// rendering: a person reads one line per event; `--json` tools read the fields. The message text
// is composed by the boot core in a fixed buffer (no heap) and is valid only during the call.
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "core/log.hpp"

namespace norboot::boot {

enum class Event : uint8_t {
  kState,       // decoded trailers / progress found at start
  kDecision,    // the swap type chosen, and why
  kValidate,    // an image was validated (ok or not)
  kRefuse,      // an upgrade or image was refused; error says why
  kSwapStart,   // a swap begins (type, units, stages)
  kResume,      // an interrupted swap continues at a stage
  kSwapDone,    // a swap finished
  kPhase,       // a phase ended; duration_ns says how long it took
  kBoot,        // the image that will run
  kHalt,        // nothing bootable: the reason
  kNote,        // anything else worth a line
};

std::string_view event_name(Event e);

struct BootEvent {
  Event kind = Event::kNote;
  core::Level level = core::Level::kInfo;
  const char* slot = "";        // "primary", "secondary", "" when not about one slot
  std::string_view message;     // the human sentence
  bool has_error = false;
  core::Error error{};          // where and what, expected vs found
  std::string_view phase;       // kPhase: which phase
  uint64_t duration_ns = 0;     // kPhase: how long it took (board clock)
  uint64_t at_ns = 0;           // board clock when the event was logged
};

class BootLog {
 public:
  virtual ~BootLog() = default;
  virtual void event(const BootEvent& e) = 0;
};

/// A BootLog that forwards each event as one text line to a core::LogSink (device builds).
class TextBootLog final : public BootLog {
 public:
  explicit TextBootLog(core::LogSink& sink) : sink_(sink) {}
  void event(const BootEvent& e) override;

 private:
  core::LogSink& sink_;
};

}  // namespace norboot::boot
