#pragma once
// SerialLink: the agent on a UART. Received bytes go through the frame decoder; each complete
// request is handled by the agent and its response goes back as frame lines through the UART's
// LineSink. All buffers are the caller's: `rx` holds one decoded frame (size it buf_size +
// kFrameOverhead), `tx` one response (512 B holds every response the agent builds for a
// single-image device, including a full image list and a 192-byte reason).
#include <span>

#include "core/log.hpp"
#include "smp/agent.hpp"
#include "smp/serial_frame.hpp"

namespace norboot::smp {

class SerialLink {
 public:
  SerialLink(Agent& agent, std::span<std::byte> rx, std::span<std::byte> tx, LineSink& uart,
             core::LogSink* log = nullptr, size_t max_line = kDefaultMaxLine)
      : agent_(agent), decoder_(rx, log), tx_(tx), uart_(uart), max_line_(max_line) {}

  /// Feeds received bytes; answers every request they complete. Errors: the UART sink's.
  core::Status receive(std::span<const std::byte> bytes);

  const FrameStats& stats() const { return decoder_.stats(); }

 private:
  Agent& agent_;
  FrameDecoder decoder_;
  std::span<std::byte> tx_;
  LineSink& uart_;
  size_t max_line_;
};

}  // namespace norboot::smp
