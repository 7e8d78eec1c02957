#include "tools/mcumgr/serial_port.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "tools/mcumgr/transport.hpp"

namespace norboot::tools::mcumgr {
namespace {

struct Baud {
  uint32_t rate;
  speed_t constant;
};

constexpr std::array<Baud, 18> kBauds{{
    {1200, B1200}, {2400, B2400}, {4800, B4800}, {9600, B9600}, {19200, B19200}, {38400, B38400},
    {57600, B57600}, {115200, B115200}, {230400, B230400}, {460800, B460800}, {500000, B500000},
    {576000, B576000}, {921600, B921600}, {1000000, B1000000}, {1152000, B1152000}, {1500000, B1500000},
    {2000000, B2000000}, {3000000, B3000000},
}};

}  // namespace

unsigned baud_constant(uint32_t baud) {
  for (const Baud& b : kBauds) {
    if (b.rate == baud) return b.constant;
  }
  throw TransportError(fmt::format("baud rate {} is not supported (try 115200, 230400, 460800, 921600, 1000000)", baud));
}

void SerialPort::make_raw(int fd, uint32_t baud) {
  termios t{};
  if (tcgetattr(fd, &t) != 0) throw TransportError(fmt::format("tcgetattr: {}", std::strerror(errno)));
  cfmakeraw(&t);
  t.c_cflag |= CLOCAL | CREAD;
  t.c_cflag &= ~(CSTOPB | PARENB | CRTSCTS);
  t.c_cc[VMIN] = 0;
  t.c_cc[VTIME] = 0;
  speed_t speed = baud_constant(baud);
  cfsetispeed(&t, speed);
  cfsetospeed(&t, speed);
  if (tcsetattr(fd, TCSANOW, &t) != 0) throw TransportError(fmt::format("tcsetattr: {}", std::strerror(errno)));
}

SerialPort::SerialPort(const std::string& path, uint32_t baud) : path_(path) {
  baud_constant(baud);  // refuse an unknown rate before touching the device
  fd_ = open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) throw TransportError(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  try {
    make_raw(fd_, baud);
  } catch (...) {
    close(fd_);
    throw;
  }
}

SerialPort::~SerialPort() {
  if (fd_ >= 0) close(fd_);
}

void SerialPort::write_all(std::span<const std::byte> bytes) {
  while (!bytes.empty()) {
    ssize_t n = write(fd_, bytes.data(), bytes.size());
    if (n > 0) {
      bytes = bytes.subspan(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
      throw TransportError(fmt::format("write to {}: {}", path_, std::strerror(errno)));
    }
    pollfd p{fd_, POLLOUT, 0};
    poll(&p, 1, 100);
  }
}

size_t SerialPort::read_some(std::span<std::byte> out, std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  int rc = poll(&p, 1, static_cast<int>(timeout.count()));
  if (rc < 0 && errno != EINTR) throw TransportError(fmt::format("poll {}: {}", path_, std::strerror(errno)));
  if (rc <= 0) return 0;
  ssize_t n = read(fd_, out.data(), out.size());
  if (n < 0) {
    if (errno == EAGAIN || errno == EINTR) return 0;
    // A pty whose other end closed reports EIO: the device is gone.
    throw TransportError(fmt::format("read from {}: {}", path_, std::strerror(errno)));
  }
  if (n == 0 && (p.revents & POLLHUP)) throw TransportError(fmt::format("{} hung up", path_));
  return static_cast<size_t>(n);
}

}  // namespace norboot::tools::mcumgr
