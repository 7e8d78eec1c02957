#pragma once
// SMP over a byte stream (UART, console, pty) — reference smp.md §4:
//
//   body  = be16(len(message) + 2) ‖ message ‖ be16(crc16_xmodem(message))
//   text  = base64(body), cut into lines; line 1 starts 0x06 0x09, later lines 0x04 0x14,
//           every line ends '\n' and is at most max_line bytes (Zephyr: 127) all included.
//
// Lines that do not start with a marker are console output and are skipped. The decoder keeps no
// line buffer: it decodes base64 as bytes arrive straight into the caller's frame buffer, so its
// memory is that buffer plus a few bytes of state. A frame that is too long for the buffer, has a
// bad base64 character, a length that does not match its data, or a bad CRC is dropped with a log
// line; decoding resumes at the next start marker.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "core/log.hpp"
#include "core/result.hpp"
#include "smp/detail/base64.hpp"

namespace norboot::smp {

inline constexpr std::byte kFrameStart[2] = {std::byte{0x06}, std::byte{0x09}};
inline constexpr std::byte kFrameContinue[2] = {std::byte{0x04}, std::byte{0x14}};
inline constexpr size_t kDefaultMaxLine = 127;
inline constexpr size_t kMaxLine = 256;      // largest line the encoder builds (stack buffer)
inline constexpr size_t kFrameOverhead = 4;  // length prefix + CRC around the message

/// Receives finished lines (markers and '\n' included).
class LineSink {
 public:
  virtual ~LineSink() = default;
  virtual core::Status write_line(std::span<const std::byte> line) = 0;
};

/// Raw bytes one line of at most `max_line` bytes carries (93 for 127).
constexpr size_t raw_bytes_per_line(size_t max_line) { return (max_line - 3) / 4 * 3; }

/// Bytes on the wire for one message of `message_len` bytes.
size_t framed_size(size_t message_len, size_t max_line = kDefaultMaxLine);

/// Encodes one message as lines. Errors: kInvalidArgument (max_line outside 7..kMaxLine, message
/// longer than 65533 bytes), whatever the sink returns.
core::Status encode_frame(std::span<const std::byte> message, LineSink& sink,
                          size_t max_line = kDefaultMaxLine);

struct FrameStats {
  uint32_t frames = 0;          // messages delivered
  uint32_t bad_crc = 0;
  uint32_t bad_base64 = 0;
  uint32_t bad_length = 0;      // the length prefix disagrees with the data
  uint32_t too_long = 0;        // larger than the frame buffer
  uint32_t abandoned = 0;       // a new start marker arrived before the frame was complete
  uint32_t orphan_lines = 0;    // continuation lines with no frame in progress
  uint32_t console_lines = 0;   // lines without an SMP marker (logs sharing the UART)
};

class FrameDecoder {
 public:
  /// `frame_buf` holds a decoded frame: size it message capacity + kFrameOverhead.
  explicit FrameDecoder(std::span<std::byte> frame_buf, core::LogSink* log = nullptr)
      : buf_(frame_buf), log_(log) {}

  /// Takes one byte; returns the message when this byte completes a valid frame. The view stays
  /// valid until the next call.
  std::optional<std::span<const std::byte>> feed(std::byte b);

  const FrameStats& stats() const { return stats_; }
  /// True while a frame has started and is not complete.
  bool in_frame() const { return collecting_; }

 private:
  enum class State : uint8_t { kLineStart, kStartMark, kContinueMark, kBody, kSkipLine };

  void begin_frame();
  void drop(uint32_t FrameStats::*counter, const char* why, uint64_t a = 0, uint64_t b = 0);
  bool take_char(char c);
  std::optional<std::span<const std::byte>> end_line();

  std::span<std::byte> buf_;
  core::LogSink* log_;
  State state_ = State::kLineStart;
  bool collecting_ = false;
  size_t len_ = 0;           // decoded bytes in buf_
  size_t expected_ = 0;      // 2 + length prefix once known, else 0
  detail::Base64Decoder b64_;
  FrameStats stats_;
};

}  // namespace norboot::smp
