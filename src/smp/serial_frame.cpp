#include "smp/serial_frame.hpp"

#include <array>

#include "core/bytes.hpp"
#include "core/crc.hpp"
#include "core/text.hpp"

namespace norboot::smp {

size_t framed_size(size_t message_len, size_t max_line) {
  size_t body = message_len + kFrameOverhead;
  size_t per_line = raw_bytes_per_line(max_line);
  size_t full = body / per_line;
  size_t rest = body % per_line;
  return full * (detail::base64_size(per_line) + 3) + (rest ? detail::base64_size(rest) + 3 : 0);
}

namespace {

// The frame body is prefix ‖ message ‖ crc; this yields it without assembling it in memory.
struct BodyBytes {
  std::array<std::byte, 2> prefix;
  std::span<const std::byte> message;
  std::array<std::byte, 2> crc;

  size_t size() const { return message.size() + 4; }
  std::byte at(size_t i) const {
    if (i < 2) return prefix[i];
    if (i < 2 + message.size()) return message[i - 2];
    return crc[i - 2 - message.size()];
  }
};

}  // namespace

core::Status encode_frame(std::span<const std::byte> message, LineSink& sink, size_t max_line) {
  if (max_line < 7 || max_line > kMaxLine || message.size() > 0xFFFF - 2) {
    return core::fail(core::Errc::kInvalidArgument, "serial frame: line limit 7..256 B, message <= 65533 B");
  }
  BodyBytes body{};
  core::store_be16(body.prefix, 0, static_cast<uint16_t>(message.size() + 2));
  body.message = message;
  core::store_be16(body.crc, 0, core::crc16_xmodem(message));

  const size_t per_line = raw_bytes_per_line(max_line);
  std::array<std::byte, kMaxLine / 4 * 3> raw{};
  std::array<char, kMaxLine> line{};
  for (size_t at = 0; at < body.size(); at += per_line) {
    size_t n = body.size() - at < per_line ? body.size() - at : per_line;
    for (size_t i = 0; i < n; ++i) raw[i] = body.at(at + i);
    const std::byte* mark = at == 0 ? kFrameStart : kFrameContinue;
    line[0] = static_cast<char>(mark[0]);
    line[1] = static_cast<char>(mark[1]);
    size_t chars = detail::base64_encode(std::span(raw).first(n), std::span(line).subspan(2));
    line[2 + chars] = '\n';
    NB_TRY(sink.write_line(std::as_bytes(std::span(line).first(chars + 3))));
  }
  return core::ok();
}

void FrameDecoder::begin_frame() {
  if (collecting_) {
    drop(&FrameStats::abandoned, "new frame started before the last was complete", len_, expected_);
  }
  collecting_ = true;
  len_ = 0;
  expected_ = 0;
  b64_.reset();
}

void FrameDecoder::drop(uint32_t FrameStats::*counter, const char* why, uint64_t a, uint64_t b) {
  ++(stats_.*counter);
  collecting_ = false;
  if (log_ == nullptr) return;
  char text[128];
  core::TextBuf t(text);
  t.str("smp serial: frame dropped: ").str(why).str(" (").dec(a).str(", ").dec(b).ch(')');
  log_->line(core::Level::kWarn, t.view());
}

// Decodes one base64 character into the frame; false when the frame had to be dropped.
bool FrameDecoder::take_char(char c) {
  std::array<std::byte, 3> out{};
  size_t n = 0;
  auto step = b64_.push(c, out, n);
  if (step != detail::Base64Decoder::Step::kOk) {
    drop(&FrameStats::bad_base64, "bad base64 (byte value, decoded bytes)", static_cast<uint8_t>(c), len_);
    return false;
  }
  for (size_t i = 0; i < n; ++i) {
    if (len_ == buf_.size()) {
      drop(&FrameStats::too_long, "frame longer than the buffer (buffer bytes, decoded bytes)", buf_.size(), len_ + 1);
      return false;
    }
    buf_[len_++] = out[i];
  }
  if (expected_ == 0 && len_ >= 2) {
    expected_ = size_t{2} + core::load_be16(buf_, 0);
    if (expected_ < 4) {
      drop(&FrameStats::bad_length, "length prefix smaller than the CRC (prefix, minimum)", expected_ - 2, 2);
      return false;
    }
    if (expected_ > buf_.size()) {
      drop(&FrameStats::too_long, "frame longer than the buffer (frame bytes, buffer bytes)", expected_, buf_.size());
      return false;
    }
  }
  if (expected_ != 0 && len_ > expected_) {
    drop(&FrameStats::bad_length, "more data than the length prefix says (prefix + 2, decoded)", expected_, len_);
    return false;
  }
  return true;
}

std::optional<std::span<const std::byte>> FrameDecoder::end_line() {
  if (!collecting_ || expected_ == 0 || len_ < expected_) return std::nullopt;  // more lines follow
  collecting_ = false;
  if (!b64_.at_group_boundary()) {
    drop(&FrameStats::bad_base64, "base64 text ends inside a group (decoded, expected)", len_, expected_);
    return std::nullopt;
  }
  auto message = std::span<const std::byte>(buf_).subspan(2, expected_ - 4);
  uint16_t want = core::load_be16(buf_, expected_ - 2);
  uint16_t got = core::crc16_xmodem(message);
  if (want != got) {
    collecting_ = true;  // drop() counts and clears
    drop(&FrameStats::bad_crc, "bad CRC (frame says, computed)", want, got);
    return std::nullopt;
  }
  ++stats_.frames;
  return message;
}

std::optional<std::span<const std::byte>> FrameDecoder::feed(std::byte byte) {
  const auto c = std::to_integer<uint8_t>(byte);
  switch (state_) {
    case State::kLineStart:
      if (c == 0x06) state_ = State::kStartMark;
      else if (c == 0x04) state_ = State::kContinueMark;
      else if (c != '\n') {
        ++stats_.console_lines;
        state_ = State::kSkipLine;
      }
      return std::nullopt;
    case State::kStartMark:
    case State::kContinueMark: {
      bool start = state_ == State::kStartMark;
      if (c != (start ? 0x09 : 0x14)) {
        ++stats_.console_lines;
        state_ = c == '\n' ? State::kLineStart : State::kSkipLine;
        return std::nullopt;
      }
      if (start) begin_frame();
      if (!start && !collecting_) {
        ++stats_.orphan_lines;
        state_ = State::kSkipLine;
        return std::nullopt;
      }
      state_ = State::kBody;
      return std::nullopt;
    }
    case State::kBody:
      if (c == '\n') {
        state_ = State::kLineStart;
        return end_line();
      }
      if (c == '\r') return std::nullopt;
      if (!take_char(static_cast<char>(c))) state_ = State::kSkipLine;
      return std::nullopt;
    case State::kSkipLine:
      if (c == '\n') state_ = State::kLineStart;
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace norboot::smp
