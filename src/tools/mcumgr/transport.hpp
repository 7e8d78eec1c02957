#pragma once
// Transport: moves whole SMP messages between the client and a device. UDP carries one message
// per datagram; serial wraps each in console frames. Failures throw TransportError (exit 3).
#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace norboot::tools::mcumgr {

class TransportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Transport {
 public:
  virtual ~Transport() = default;
  /// Sends one SMP message (header + body).
  virtual void send(std::span<const std::byte> message) = 0;
  /// The next whole message, or nullopt when none arrives within `timeout`.
  virtual std::optional<std::vector<std::byte>> receive(std::chrono::milliseconds timeout) = 0;
  /// Largest SMP message this transport carries (the client also honours the device's buf_size).
  virtual size_t max_message() const = 0;
  /// Time the link needs to carry `message_bytes` one way (0 for links much faster than the
  /// device); added to timeouts so slow serial links are not mistaken for a dead device.
  virtual std::chrono::milliseconds transfer_time(size_t message_bytes) const = 0;
  /// "udp 127.0.0.1:1337", "serial /dev/ttyUSB0 @115200".
  virtual std::string describe() const = 0;
};

}  // namespace norboot::tools::mcumgr
