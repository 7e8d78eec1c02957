#include "tools/mcumgr/serial_transport.hpp"

#include <fmt/core.h>

namespace norboot::tools::mcumgr {
namespace {

constexpr size_t kFrameBuffer = 0xFFFF + smp::kFrameOverhead;

class Collect final : public smp::LineSink {
 public:
  core::Status write_line(std::span<const std::byte> line) override {
    wire.insert(wire.end(), line.begin(), line.end());
    return core::ok();
  }
  std::vector<std::byte> wire;
};

}  // namespace

SerialTransport::SerialTransport(const SerialOptions& o)
    : opts_(o), port_(std::make_unique<SerialPort>(o.device, o.baud)), frame_buf_(kFrameBuffer), decoder_(frame_buf_) {}

SerialTransport::SerialTransport(int fd, const SerialOptions& o)
    : opts_(o), port_(std::make_unique<SerialPort>(fd)), frame_buf_(kFrameBuffer), decoder_(frame_buf_) {}

void SerialTransport::send(std::span<const std::byte> message) {
  Collect c;
  auto s = smp::encode_frame(message, c, opts_.max_line);
  if (!s) throw TransportError(fmt::format("cannot frame a {}-byte message: {}", message.size(), s.error().what));
  port_->write_all(c.wire);
}

std::optional<std::vector<std::byte>> SerialTransport::receive(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::array<std::byte, 4096> chunk{};
  for (;;) {
    // Bytes read past the end of the last frame come first (they may hold a whole frame).
    while (consumed_ < pending_.size()) {
      if (auto m = decoder_.feed(pending_[consumed_++])) return std::vector<std::byte>(m->begin(), m->end());
    }
    pending_.clear();
    consumed_ = 0;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    size_t n = port_->read_some(chunk, left);
    pending_.assign(chunk.begin(), chunk.begin() + n);
  }
}

std::chrono::milliseconds SerialTransport::transfer_time(size_t message_bytes) const {
  // 8N1: ten bit times per byte.
  double seconds = static_cast<double>(smp::framed_size(message_bytes, opts_.max_line)) * 10.0 / opts_.baud;
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000.0) + 1);
}

std::string SerialTransport::describe() const {
  return fmt::format("serial {} @{}", opts_.device.empty() ? "(fd)" : opts_.device, opts_.baud);
}

}  // namespace norboot::tools::mcumgr
