#pragma once
// A tty opened for SMP: raw mode (no echo, no line editing, no CR/LF translation), 8N1, the
// requested baud rate. Works the same on a USB serial adapter and on a pty.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace norboot::tools::mcumgr {

/// The termios speed constant for a baud rate; throws TransportError for rates the OS lacks.
unsigned baud_constant(uint32_t baud);

class SerialPort {
 public:
  SerialPort(const std::string& path, uint32_t baud);
  /// Takes an already open descriptor (a pty master in tests); it is closed with the port.
  explicit SerialPort(int fd) : fd_(fd) {}
  ~SerialPort();
  SerialPort(const SerialPort&) = delete;
  SerialPort& operator=(const SerialPort&) = delete;

  void write_all(std::span<const std::byte> bytes);
  /// Reads what is available (up to out.size()), waiting at most `timeout`; 0 on timeout.
  size_t read_some(std::span<std::byte> out, std::chrono::milliseconds timeout);
  int fd() const { return fd_; }

  /// Puts any tty descriptor into raw 8N1 at `baud`.
  static void make_raw(int fd, uint32_t baud);

 private:
  int fd_ = -1;
  std::string path_;
};

}  // namespace norboot::tools::mcumgr
