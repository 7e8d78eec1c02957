#pragma once
// SMP over a serial line: each message is sent as console frames (smp/serial_frame.hpp, the same
// code the device uses), and received frames are reassembled; console lines are skipped.
#include <cstdint>
#include <memory>
#include <string>

#include "smp/serial_frame.hpp"
#include "tools/mcumgr/serial_port.hpp"
#include "tools/mcumgr/transport.hpp"

namespace norboot::tools::mcumgr {

struct SerialOptions {
  std::string device;
  uint32_t baud = 115200;
  size_t mtu = 0;                               // 0: no limit from the link (the device's buf_size rules)
  size_t max_line = smp::kDefaultMaxLine;       // bytes per frame line, markers and '\n' included
};

class SerialTransport final : public Transport {
 public:
  explicit SerialTransport(const SerialOptions& o);
  /// Over an already open descriptor (tests: a pty).
  SerialTransport(int fd, const SerialOptions& o);

  void send(std::span<const std::byte> message) override;
  std::optional<std::vector<std::byte>> receive(std::chrono::milliseconds timeout) override;
  size_t max_message() const override { return opts_.mtu ? opts_.mtu : 0xFFFF - 2; }
  std::chrono::milliseconds transfer_time(size_t message_bytes) const override;
  std::string describe() const override;
  const smp::FrameStats& stats() const { return decoder_.stats(); }

 private:
  SerialOptions opts_;
  std::unique_ptr<SerialPort> port_;
  std::vector<std::byte> frame_buf_;
  smp::FrameDecoder decoder_;
  std::vector<std::byte> pending_;  // read from the tty, not yet fed to the decoder
  size_t consumed_ = 0;
};

}  // namespace norboot::tools::mcumgr
